/** For integration tests: the shared Temporal that jest/global-setup.ts started or was given. */
export function testTemporalAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is unset: run integration tests through the `int` Jest project');
  return address;
}
