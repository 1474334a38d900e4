/** Errors with an HTTP status, thrown by routes and hooks; the error handler sends their message to the client. */
import { STATUS_CODES } from 'node:http';

/** A 4xx error whose message is meant for the client; `headers` are added to the response. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 400: the request is wrong; `message` says how. */
export const badRequest = (message: string) => new HttpError(400, message);
/** 401 with `WWW-Authenticate: Bearer`. */
export const unauthorized = (message: string) => new HttpError(401, message, { 'www-authenticate': 'Bearer' });
/** 403: understood, refused. */
export const forbidden = (message: string) => new HttpError(403, message);
/** 404: nothing by that name. */
export const notFound = (message: string) => new HttpError(404, message);

/** The reason phrase of `statusCode` (`Bad Request`), or `Error` for an unknown code. */
export function reasonPhrase(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Error';
}
