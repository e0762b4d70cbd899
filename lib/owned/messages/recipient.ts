import { isValidPhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import { keyedHash } from "@/lib/crypto/secrets";
import { phoneHash } from "@/lib/phone/normalise";

// A recipient's email and phone are only ever kept as keyed hashes, the same ones customers.email_hash
// and customers.phone_hash hold, so a send finds its customer by either. A phone must be E.164
// (+ and up to 15 digits) and a number some country could dial; anything else is refused, not
// guessed at.

export const E164 = /^\+[1-9]\d{6,14}$/;

export const ZPhoneSchema = z
  .string()
  .trim()
  .refine((v) => E164.test(v) && isValidPhoneNumber(v), "Give the phone number in E.164 form: + then the country code and number, digits only (e.g. +14155550123).");

export const ZEmailSchema = z.string().trim().max(320).email("Give a valid email address.");

export function emailHashOf(email: string | undefined | null): string | null {
  return email ? keyedHash(email) : null;
}

export function phoneHashOf(phone: string | undefined | null): string | null {
  return phone ? phoneHash(phone.trim()) : null;
}
