import { afterAll, beforeAll } from 'vitest';
import type { HubConfigInput } from '../config.ts';
import { startTestHub, type TestHub } from './test-hub.ts';

/** The hub a describe block runs against, and the demo operator's session cookie on it. */
export interface OperatorHub {
  readonly hub: TestHub;
  readonly cookie: string;
}

/**
 * Call inside a describe block: starts a fresh test hub (temp data folder, ephemeral port) before
 * the block's tests, signs the demo operator in, and stops the hub after them. Read `hub` and
 * `cookie` inside tests and hooks; they are set once beforeAll has run.
 */
export function operatorHub(overrides: HubConfigInput = {}): OperatorHub {
  let hub: TestHub | undefined;
  let cookie: string | undefined;
  beforeAll(async () => {
    hub = await startTestHub(overrides);
    cookie = await hub.login();
  });
  afterAll(() => hub?.stop());
  return {
    get hub() {
      if (!hub) throw new Error('operatorHub: the hub is started in beforeAll; read it inside a test or hook');
      return hub;
    },
    get cookie() {
      if (cookie === undefined) throw new Error('operatorHub: the operator signs in in beforeAll; read the cookie inside a test or hook');
      return cookie;
    },
  };
}

/**
 * Call inside a describe block: starts a fresh test hub (temp data folder, ephemeral port, config
 * `overrides`) before the block's tests and stops it after them. Returns a function giving that
 * hub; call it inside tests and hooks. No one is signed in (see operatorHub for that).
 */
export function testHubForBlock(overrides: HubConfigInput = {}): () => TestHub {
  let hub: TestHub | undefined;
  beforeAll(async () => {
    hub = await startTestHub(overrides);
  });
  afterAll(() => hub?.stop());
  return () => {
    if (!hub) throw new Error('testHubForBlock: the hub is started in beforeAll; ask for it inside a test or hook');
    return hub;
  };
}
