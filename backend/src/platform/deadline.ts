/**
 * `work`, or `fallback` once `ms` have passed, whichever comes first. Health probes and connection
 * tests use it so that a dependency that stops answering cannot hang them. The timer never keeps the
 * process alive and is cleared as soon as the race ends.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
