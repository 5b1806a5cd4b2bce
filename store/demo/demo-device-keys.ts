/**
 * DEMO-ONLY Ed25519 key pairs for the seeded technicians' devices (base64 of the raw 32 bytes).
 * Generated once with node:crypto and committed so demos and tests can sign events.
 * These private keys are public knowledge: never register them on a real deployment.
 */
export const DEMO_DEVICE_KEYS = {
  tech1: {
    publicKey: 'DVqgaNgoMAQJOwRSI3kgM8Vt6TorjnwplHvRC1BMxNM=',
    privateKey: 'xY8xkrS6ld4TjTgmTcTVHId2tjY2HuzQDgdcGmcMXoI=',
  },
  tech2: {
    publicKey: 'Hb3hsTP4UU5s/0sZpdokXmhEKjzdB4tBSdZykvDpZgg=',
    privateKey: 'sJdjtaExWjRMD5Terp55uEyYtNSNG5QmIGdwt45oYo8=',
  },
  tech3: {
    publicKey: 'IeuIxvfnIJ8wYMsYBgSqFF5XcdqKyZAaBYwnVXIWEKc=',
    privateKey: '1i/WENURmRiOk1mZS9PYhEG4DC10OonwFgF+jYgdD+0=',
  },
} as const;
