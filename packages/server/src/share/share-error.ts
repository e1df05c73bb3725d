/**
 * What an embed page or a badge shows when it cannot show the metric. These land in a wiki page or
 * an <img>, where nobody sees a JSON body or a status code: the reader gets a short title saying
 * what is wrong and the server's message saying how to fix it. One wording for both (issue 13).
 */
export interface ShareError {
  status: number;
  /** The API's error code, e.g. bad_token. */
  code: string;
  /** The API's message: what was wrong and what to do. */
  message: string;
}

const TITLES: Record<string, string> = {
  missing_token: 'No read token in the URL',
  bad_token: 'Token not valid',
  admin_token_in_url: 'The admin token is never accepted in a URL',
  unknown_metric: 'Token not valid for this metric',
  bad_parameter: 'Invalid parameter in the URL',
  rate_limited: 'Too many requests',
};

/** The one-line title of an error card or error badge. */
export function errorTitle(error: ShareError): string {
  return TITLES[error.code] ?? (error.status >= 500 ? 'Northstar could not answer' : 'Northstar cannot show this metric');
}
