// Fetching a data file's bytes in a worker or the page, failing with the URL and the reason.
import { DataFileError } from './featureFile';

export async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new DataFileError(url, { kind: 'fetch-failed', params: { detail: (err as Error).message } });
  }
  if (!res.ok) throw new DataFileError(url, { kind: 'http', params: { status: res.status, statusText: res.statusText, detail: '' } });
  return new Uint8Array(await res.arrayBuffer());
}
