/**
 * A promise-chain mutex: tasks run one after another in call order, and a failed task does not
 * block the next. Used wherever a read-modify-write of one storage key must not interleave.
 */
export class SerialExecutor {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
