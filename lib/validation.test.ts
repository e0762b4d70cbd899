import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { formToObject, parseInput } from "./validation";

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected parseInput to throw");
}

const Schema = z.object({
  name: z.string().trim().min(1, "Enter a name."),
  age: z.number({ error: "Enter a number." }).int().min(0, "Too young."),
  address: z.object({ city: z.string({ error: "Enter a city." }) }),
});

describe("parseInput", () => {
  it("returns the parsed (transformed) data on success", () => {
    expect(parseInput(Schema, { name: "  Ada ", age: 36, address: { city: "London" } })).toEqual({
      name: "Ada",
      age: 36,
      address: { city: "London" },
    });
  });

  it("throws a 400 naming every bad field, nested ones by dotted path", () => {
    const error = thrown(() => parseInput(Schema, { name: "  ", age: -1, address: {} }));
    expect(error.code).toBe("bad_request");
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ name: "Enter a name.", age: "Too young.", "address.city": "Enter a city." });
    expect(error.message).toContain("name: Enter a name.");
    expect(error.message).toContain("age: Too young.");
    expect(error.message).toContain("address.city: Enter a city.");
  });

  it("keeps the first message when a field has several problems", () => {
    const S = z.object({ code: z.string().min(5, "Too short.").regex(/^\d+$/, "Digits only.") });
    expect(thrown(() => parseInput(S, { code: "ab" })).fields).toEqual({ code: "Too short." });
  });

  it("files problems with the whole input under 'body'", () => {
    expect(thrown(() => parseInput(Schema, "not an object")).fields).toHaveProperty("body");
    const strict = z.object({ a: z.string() }).strict();
    const error = thrown(() => parseInput(strict, { a: "x", extra: 1 }));
    expect(Object.keys(error.fields ?? {})).toEqual(["body"]);
    expect(error.fields?.body).toContain("extra");
  });

  it("does not report fields that were fine", () => {
    const error = thrown(() => parseInput(Schema, { name: "Ada", age: 1.5, address: { city: "Paris" } }));
    expect(Object.keys(error.fields ?? {})).toEqual(["age"]);
  });
});

describe("formToObject", () => {
  it("keeps string entries and drops files", () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.set("upload", new Blob(["x"]), "x.txt");
    expect(formToObject(form)).toEqual({ name: "Ada" });
  });
});

describe("AppError", () => {
  it("maps each code to its HTTP status", () => {
    const expected = { bad_request: 400, unauthorized: 401, payment_required: 402, forbidden: 403, not_found: 404, conflict: 409, payload_too_large: 413, rate_limited: 429 } as const;
    for (const [code, status] of Object.entries(expected)) expect(new AppError(code as keyof typeof expected, "x").status).toBe(status);
  });

  it("AppError.field names the field", () => {
    const error = AppError.field("slug", "Taken.", "conflict");
    expect(error).toMatchObject({ code: "conflict", message: "Taken.", fields: { slug: "Taken." } });
    expect(AppError.field("x", "Bad.").code).toBe("bad_request");
  });
});
