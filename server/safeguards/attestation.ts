/**
 * Attestations of safeguards no API can check (a runbook page, a team agreement): a person says it is in place,
 * and that holds for a number of days. Pure time arithmetic and wording; the clock is passed in.
 */

/** A stored attestation: who, when, until when (ISO UTC); all null when there is none. */
export interface Attestation {
  attestedBy: string | null;
  attestedAt: string | null;
  attestationExpiresAt: string | null;
}

/** Default days an attestation holds (`HINDSIGHT_ATTESTATION_DAYS`). */
export const DEFAULT_ATTESTATION_DAYS = 90;

/** `2024-05-01T12:00:00Z`: ISO UTC without milliseconds, the format every stored time has. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** When an attestation made at `at` expires: `days` whole days later. */
export function attestationExpiry(at: Date, days: number): string {
  return isoTime(new Date(at.getTime() + days * 86_400_000));
}

/** The attestation's standing at `now`: none, valid, or expired. */
export function attestationStatus(attestation: Attestation, now: Date): 'none' | 'valid' | 'expired' {
  if (!attestation.attestedAt || !attestation.attestationExpiresAt) return 'none';
  return Date.parse(attestation.attestationExpiresAt) > now.getTime() ? 'valid' : 'expired';
}

/**
 * The state detail of a manual safeguard at `now`: `attested by mkim on 2024-05-01, valid until 2024-07-30`,
 * `attestation by mkim expired on 2024-07-30`, or `not attested: ...`. Stable between checks while nothing changes,
 * so re-verifying adds no history.
 */
export function attestationDetail(attestation: Attestation, now: Date): string {
  const status = attestationStatus(attestation, now);
  const by = attestation.attestedBy ?? 'someone';
  const day = (iso: string | null) => (iso ?? '').slice(0, 10);
  if (status === 'none') return 'not attested: it cannot be checked automatically, so a person who checked it attests it';
  if (status === 'expired') return `attestation by ${by} expired on ${day(attestation.attestationExpiresAt)} (attested ${day(attestation.attestedAt)}): check it again and attest`;
  return `attested by ${by} on ${day(attestation.attestedAt)}, valid until ${day(attestation.attestationExpiresAt)}`;
}
