import { ApiError, messageOf } from '../../shared/http';

/**
 * What a sign-in form says when sign-in fails. A throttled sign-in says how long to wait (the server's
 * `retryAfterSeconds`): the owner of a phone strangers are guessing at can try again then, or at once from
 * a device they signed in on before.
 */
export function signInErrorMessage(error: unknown): string {
  const seconds = error instanceof ApiError ? error.extra.retryAfterSeconds : undefined;
  if (error instanceof ApiError && error.code === 'RATE_LIMITED' && typeof seconds === 'number' && seconds > 0) {
    const wait = seconds < 60 ? `${Math.ceil(seconds)}秒` : `${Math.ceil(seconds / 60)}分钟`;
    return `尝试次数过多，请${wait}后再试`;
  }
  return messageOf(error);
}
