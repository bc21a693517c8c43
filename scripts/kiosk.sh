#!/usr/bin/env bash
# Opens an Atrium kiosk or screen full-screen on a mall's Linux PC.
#   scripts/kiosk.sh [URL]        default http://127.0.0.1:8080/kiosk
# ATRIUM_CHROMIUM names the browser binary; ATRIUM_PROFILE the profile folder (keeps the device token).
set -euo pipefail
url=${1:-http://127.0.0.1:8080/kiosk}
browser=${ATRIUM_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
profile=${ATRIUM_PROFILE:-$HOME/.config/atrium-kiosk}
origin=$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
extra=()
# A camera (for QR passes) needs a secure origin: https, localhost, or this explicit exception.
case "$origin" in
  http://127.0.0.1*|http://localhost*|https://*) ;;
  *) extra+=("--unsafely-treat-insecure-origin-as-secure=$origin") ;;
esac
exec "$browser" --kiosk "$url" \
  --user-data-dir="$profile" \
  --no-first-run --noerrdialogs --disable-infobars --disable-translate --disable-features=Translate,TranslateUI \
  --disable-pinch --overscroll-history-navigation=0 --touch-events=enabled \
  --disable-session-crashed-bubble --check-for-update-interval=31536000 \
  --autoplay-policy=no-user-gesture-required "${extra[@]}"
