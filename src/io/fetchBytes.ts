// Fetching a data file's bytes in a worker or the page, failing with the URL and the reason.
import { DataFileError } from './featureFile';

export async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new DataFileError(url, `could not be fetched (${(err as Error).message})`);
  }
  if (!res.ok) throw new DataFileError(url, `HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}
