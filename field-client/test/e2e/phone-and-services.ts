/**
 * What every field-app e2e file starts with: the real services (database, Temporal, gateway, the
 * built app) and one phone (a Chromium profile), opened before its tests and closed after them.
 */
import { type Phone, openPhone } from './browser';
import { type Services, startServices } from './services';

export function phoneAndServices(label: string): { readonly services: Services; readonly phone: Phone } {
  let services: Services | undefined;
  let phone: Phone | undefined;
  beforeAll(async () => {
    services = await startServices();
    phone = await openPhone(label);
  });
  afterAll(async () => {
    await phone?.close();
    await services?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return value;
  };
  return {
    get services() {
      return started(services, 'the services');
    },
    get phone() {
      return started(phone, 'the phone');
    },
  };
}
