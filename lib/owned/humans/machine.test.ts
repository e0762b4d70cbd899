import { describe, expect, it } from "vitest";
import { flagMachineInteractions, machineRangeOf, type TInteraction } from "./machine";

const DELIVERED = new Date("2026-11-20T09:00:00Z");
const at = (ms: number) => new Date(DELIVERED.getTime() + ms);
const HOUR = 3_600_000;

describe("machine opens and clicks", () => {
  it("flags a scanner's open and click on the same email seconds after delivery", () => {
    const scanner: TInteraction[] = [
      { id: "o1", sendId: "s", kind: "open", at: at(2_000) },
      { id: "k1", sendId: "s", kind: "click", at: at(3_000), linkKey: "0" },
    ];
    const flags = flagMachineInteractions(scanner, DELIVERED);
    expect(flags.get("o1")).toBe("within_seconds");
    expect(flags.get("k1")).toBe("within_seconds");
  });

  it("leaves a person's open and click an hour later alone", () => {
    const person: TInteraction[] = [
      { id: "o1", sendId: "s", kind: "open", at: at(HOUR) },
      { id: "k1", sendId: "s", kind: "click", at: at(HOUR + 40_000), linkKey: "0" },
      { id: "k2", sendId: "s", kind: "click", at: at(HOUR + 41_000), linkKey: "0" },
    ];
    expect(flagMachineInteractions(person, DELIVERED).size).toBe(0);
  });

  it("flags every link followed at once, however late", () => {
    const burst: TInteraction[] = [0, 1, 2].map((i) => ({ id: `k${i}`, sendId: "s", kind: "click" as const, at: at(HOUR + i * 300), linkKey: String(i) }));
    const flags = flagMachineInteractions(burst, null);
    expect([...flags.values()]).toEqual(["all_links", "all_links", "all_links"]);
  });

  it("flags known proxy and scanner ranges, and only those", () => {
    expect(machineRangeOf("17.58.1.9")).toBe("privacy_proxy");
    expect(machineRangeOf("40.107.22.1")).toBe("security_scanner");
    expect(machineRangeOf("17.58.1.0/24")).toBe("privacy_proxy");
    expect(machineRangeOf("18.0.0.1")).toBeNull();
    expect(machineRangeOf("not an ip")).toBeNull();
    expect(machineRangeOf("300.1.1.1")).toBeNull();
    expect(machineRangeOf(null)).toBeNull();
    const flags = flagMachineInteractions([{ id: "o", sendId: "s", kind: "open", at: at(HOUR), ip: "17.1.2.3" }], DELIVERED);
    expect(flags.get("o")).toBe("proxy_range");
  });
});
