// Member or anonymous, read when the report is: a conversion is a member's when its visitor
// resolves to a known customer, anonymous when it resolves to none or only to an anonymous
// (headless) one: a store customer known by its store id alone, with no email and no phone (a
// guest checkout's, a redacted one's), or one not synced yet. An email key is always a known one.

/** SQL: the visitor `v`'s customer key when it names a known customer, else null. */
export const knownCustomerKeySql = (v: string) => `
  CASE
    WHEN ${v}.person_key LIKE 'e:%' THEN ${v}.person_key
    WHEN ${v}.person_key LIKE 'c:%' AND EXISTS (
      SELECT 1 FROM customers kc
      WHERE kc.workspace_id = ${v}.workspace_id AND kc.connection_id = split_part(${v}.person_key, ':', 2)
        AND kc.external_id = CASE WHEN split_part(${v}.person_key, ':', 3) ~ '^[0-9]{1,18}$' THEN split_part(${v}.person_key, ':', 3)::bigint END
        AND (kc.email_hash IS NOT NULL OR kc.phone_hash IS NOT NULL)
    ) THEN ${v}.person_key
  END`;
