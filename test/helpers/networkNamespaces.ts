// Separate "hosts" on one machine for the distributed tests: N Linux network namespaces, each with a
// veth link onto a bridge that holds the server's address, so a worker reaches the server over a
// network interface of its own, not loopback. Needs root and iproute2; createHosts returns the
// reason instead when it cannot set them up (the tests then fall back to loopback processes).
import { spawnSync } from "node:child_process";

export interface Hosts {
  /** The bridge's address (where a server for the hosts listens). */
  serverAddress: string;
  /** Command prefix that runs a program on host i. */
  prefix(i: number): string[];
  remove(): void;
}

function ip(args: string[]): { ok: boolean; error: string } {
  const result = spawnSync("ip", args, { encoding: "utf8" });
  return { ok: result.status === 0, error: (result.stderr ?? "").trim() || (result.error?.message ?? `exit ${result.status}`) };
}

export function createHosts(count: number): Hosts | string {
  if (process.getuid?.() !== 0) return "not root";
  if (spawnSync("ip", ["-V"]).status !== 0) return "iproute2 (ip) is not installed";
  const tag = (process.pid % 100_000).toString(36);
  const bridge = `lsb${tag}`;
  const subnet = `10.${200 + (process.pid % 50)}.${(process.pid >> 6) % 250}`;
  const namespaces = Array.from({ length: count }, (_, i) => `lissnas-${tag}-${i}`);
  const remove = () => {
    for (const ns of namespaces) ip(["netns", "del", ns]);
    ip(["link", "del", bridge]);
  };
  const steps: string[][] = [
    ["link", "add", bridge, "type", "bridge"],
    ["addr", "add", `${subnet}.1/24`, "dev", bridge],
    ["link", "set", bridge, "up"],
  ];
  namespaces.forEach((ns, i) => {
    const hostEnd = `lsh${tag}${i}`;
    const nsEnd = `lsw${tag}${i}`;
    steps.push(["netns", "add", ns], ["link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd], ["link", "set", hostEnd, "master", bridge],
      ["link", "set", hostEnd, "up"], ["link", "set", nsEnd, "netns", ns], ["-n", ns, "addr", "add", `${subnet}.${10 + i}/24`, "dev", nsEnd],
      ["-n", ns, "link", "set", nsEnd, "up"], ["-n", ns, "link", "set", "lo", "up"]);
  });
  for (const step of steps) {
    const { ok, error } = ip(step);
    if (!ok) {
      remove();
      return `ip ${step.join(" ")}: ${error}`;
    }
  }
  process.once("exit", remove);
  return {
    serverAddress: `${subnet}.1`,
    prefix: (i) => ["ip", "netns", "exec", namespaces[i]],
    remove,
  };
}

/** Whether host i reaches address:port over TCP (a firewall on the bridge would stop it). */
export function reaches(hosts: Hosts, i: number, address: string, port: number): boolean {
  const probe = `const s=require("net").connect(${port},"${address}",()=>{s.destroy();process.exit(0)});s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),3000)`;
  const [command, ...args] = hosts.prefix(i);
  return spawnSync(command, [...args, process.execPath, "-e", probe]).status === 0;
}
