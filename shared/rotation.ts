/**
 * Degrees a screen turns its content clockwise inside the browser window. 0 draws it upright, laid
 * out by the window's own shape (a 1080×1920 window is portrait); 90 and 270 are for a display
 * hung on its side whose window is still landscape; 180 for one mounted upside down.
 * Kept free of zod so the screen app can use it without the schema library.
 */
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

/** Records and screens from before rotation existed stored 'portrait' for what is now 90°, 'landscape' for 0°. */
export const rotationFromOrientation = (orientation: string | null | undefined): Rotation => (orientation === 'portrait' ? 90 : 0);
