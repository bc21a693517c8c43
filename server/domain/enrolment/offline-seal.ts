import { constants, createPrivateKey, createPublicKey, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { invalid } from '../core/errors.ts';

const generate = promisify(generateKeyPair);

/**
 * Card taps a kiosk takes while the hub is out of reach. The kiosk must queue them durably, but
 * rule 1 forbids a raw card number on any disk, the kiosk's included. So the kiosk seals each card
 * value to this key pair's public half (RSA-OAEP with SHA-256, WebCrypto in the browser) before it
 * writes the tap to IndexedDB. The kiosk's disk then holds ciphertext only it cannot open; the
 * private half lives beside the card-token secret, apart from the data folder, and the hub opens a
 * sealed tap in memory and tokenises it at once, exactly like a live tap.
 *
 * Trade-off: the kiosk must have fetched the public key while online (it keeps it, it is public);
 * a brand-new kiosk that never reached the hub cannot queue card taps, only pass-QR check-ins.
 * An unknown card tapped offline cannot join (enrolment needs the hub); its replay is dropped.
 */
export class OfflineSeal {
  #keys: Promise<{ priv: KeyObject; spki: string }> | null = null;

  constructor(private readonly file: string) {}

  #load(): Promise<{ priv: KeyObject; spki: string }> {
    this.#keys ??= (async () => {
      let pem: string;
      try {
        pem = await readFile(this.file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        const { privateKey } = await generate('rsa', { modulusLength: 2048 });
        pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        try {
          await writeFile(this.file, pem, { mode: 0o600, flag: 'wx' });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          pem = await readFile(this.file, 'utf8');
        }
      }
      const priv = createPrivateKey(pem);
      const spki = createPublicKey(priv).export({ type: 'spki', format: 'der' }).toString('base64');
      return { priv, spki };
    })();
    this.#keys.catch(() => (this.#keys = null));
    return this.#keys;
  }

  /** The public key (SPKI DER, base64) a kiosk seals card values to. */
  async publicKey(): Promise<string> {
    return (await this.#load()).spki;
  }

  /** Opens a sealed card value, in memory only. A bad seal is refused without echoing anything. */
  async open(sealed: string): Promise<string> {
    const { priv } = await this.#load();
    try {
      const buf = Buffer.from(sealed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      return privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, buf).toString('utf8');
    } catch {
      throw invalid('the queued card could not be opened', 'sealed');
    }
  }
}
