/**
 * setupFiles of the `int` project: the SDK logs every worker state change at INFO, which buries
 * test output. Keep warnings and errors.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
