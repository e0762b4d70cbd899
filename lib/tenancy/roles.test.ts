import { describe, expect, it } from "vitest";
import { can, canGrant, isRole, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Permission, type Role } from "./roles";

// The full matrix, written out by hand so a change to MINIMUM_ROLE has to be made here too.
const ALLOWED: Record<Permission, Role[]> = {
  "workspace.read": ["owner", "admin", "member", "viewer"],
  "dashboards.edit": ["owner", "admin", "member"],
  "settings.manage": ["owner", "admin"],
  "members.manage": ["owner", "admin"],
  "connections.manage": ["owner", "admin"],
  "apikeys.manage": ["owner", "admin"],
  "audit.read": ["owner", "admin"],
  "billing.manage": ["owner"],
  "privacy.export": ["owner"],
  "workspace.delete": ["owner"],
  "ownership.transfer": ["owner"],
  "support.manage": ["owner"],
};

const PERMISSIONS = Object.keys(ALLOWED) as Permission[];

describe("can()", () => {
  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const expected = ALLOWED[permission].includes(role);
      it(`${role} ${expected ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected);
      });
    }
  }

  it("is monotone: whatever a role may do, every higher role may do too", () => {
    // ROLES is ordered from most to least powerful.
    for (const permission of PERMISSIONS) {
      for (let higher = 0; higher < ROLES.length; higher++) {
        for (let lower = higher + 1; lower < ROLES.length; lower++) {
          if (can(ROLES[lower]!, permission)) expect(can(ROLES[higher]!, permission), `${ROLES[higher]} / ${permission}`).toBe(true);
        }
      }
    }
  });

  it("gives a viewer read access only", () => {
    expect(PERMISSIONS.filter((p) => can("viewer", p))).toEqual(["workspace.read"]);
  });
});

describe("canGrant()", () => {
  const RANKED: Role[] = ["viewer", "member", "admin", "owner"];
  for (const actor of ROLES) {
    for (const target of ROLES) {
      const expected = RANKED.indexOf(actor) >= RANKED.indexOf(target);
      it(`${actor} ${expected ? "can" : "cannot"} grant ${target}`, () => {
        expect(canGrant(actor, target)).toBe(expected);
      });
    }
  }

  it("never lets an admin make an owner", () => {
    expect(canGrant("admin", "owner")).toBe(false);
  });
});

describe("isRole()", () => {
  it("accepts the four roles and nothing else", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["Owner", "superadmin", "", " owner", null, undefined, 3, {}]) expect(isRole(value)).toBe(false);
  });

  it("has a label and a description for every role", () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).toMatch(/\S/);
      expect(ROLE_DESCRIPTIONS[role]).toMatch(/\S/);
    }
  });
});
