import { Agent, request } from 'undici';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const agent = new Agent();

/** One plain HTTP exchange, for asserting exact statuses, headers and bodies. */
export async function raw(
  baseUrl: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const response = await request(`${baseUrl}${path}`, { method: method as 'GET', headers: options.headers, body: options.body, dispatcher: agent });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: response.statusCode, headers, body: await response.body.text() };
}

export async function closeRawAgent(): Promise<void> {
  await agent.close();
}
