/** Requests to nbgrader's server extensions, with one error type for every failure. */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The server did not answer, or answered with an HTTP error (`status` says which). */
export class ServerError extends Error {
  constructor(readonly status: string) {
    super(status);
  }
}

/** POST or GET `endpoint` (relative to the server's base URL) and parse its JSON reply. */
export async function requestJSON<T>(
  endpoint: string,
  init: RequestInit = {}
): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, endpoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerError(String(error));
  }
  if (!response.ok) {
    throw new ServerError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ServerError(String(error));
  }
}
