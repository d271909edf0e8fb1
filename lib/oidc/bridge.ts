import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { toFetchResponse, toReqRes } from "fetch-to-node";

import { MOUNT } from "./bridge-path";

export { MOUNT };

/**
 * A Fetch Request as the Node request/response pair oidc-provider (Koa) expects, mounted at
 * /oidc: `url` relative to the mount, `originalUrl` the full path (so discovery and cookie paths
 * name /oidc), and a socket-like object (fetch-to-node has none; Koa reads `encrypted`).
 */
export function bridge(request: Request): {
  req: IncomingMessage;
  res: ServerResponse;
  response: () => Promise<Response>;
} {
  const url = new URL(request.url);
  const { req, res } = toReqRes(request);
  const path = `${url.pathname}${url.search}`;
  const relative = path.startsWith(`${MOUNT}/`) || path === MOUNT ? path.slice(MOUNT.length) || "/" : path;
  req.url = relative;
  (req as IncomingMessage & { originalUrl: string }).originalUrl = path;
  Object.defineProperty(req, "socket", {
    value: { encrypted: url.protocol === "https:", remoteAddress: "127.0.0.1", destroy() {} },
    configurable: true,
  });
  return { req, res, response: () => toFetchResponse(res) };
}
