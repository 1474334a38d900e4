/**
 * Names people write for time zones, mapped to the IANA zone whose rules they mean. Only NAMES live here:
 * every offset is computed by luxon from the IANA rules, so `PST` in July correctly means -07:00.
 * Ambiguous abbreviations take their most common meaning in English-language reports
 * (`CST` and `CT` are US Central, `IST` is India, `BST` is British Summer Time, `AST` is Atlantic).
 */

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  UTC: 'UTC', GMT: 'UTC', Z: 'UTC', UT: 'UTC',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  AST: 'America/Halifax', ADT: 'America/Halifax',
  NST: 'America/St_Johns', NDT: 'America/St_Johns',
  BRT: 'America/Sao_Paulo', ART: 'America/Argentina/Buenos_Aires',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon', WEST: 'Europe/Lisbon',
  CET: 'Europe/Paris', CEST: 'Europe/Paris', MET: 'Europe/Paris', MEST: 'Europe/Paris',
  EET: 'Europe/Helsinki', EEST: 'Europe/Helsinki',
  MSK: 'Europe/Moscow',
  WAT: 'Africa/Lagos', CAT: 'Africa/Maputo', EAT: 'Africa/Nairobi', SAST: 'Africa/Johannesburg',
  GST: 'Asia/Dubai', PKT: 'Asia/Karachi', IST: 'Asia/Kolkata', NPT: 'Asia/Kathmandu',
  ICT: 'Asia/Bangkok', WIB: 'Asia/Jakarta', SGT: 'Asia/Singapore', MYT: 'Asia/Kuala_Lumpur',
  PHT: 'Asia/Manila', HKT: 'Asia/Hong_Kong', JST: 'Asia/Tokyo', KST: 'Asia/Seoul',
  AWST: 'Australia/Perth', ACST: 'Australia/Adelaide', ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
};

/** Spelled-out names, keyed in upper case with single spaces. */
const LONG_NAMES: Readonly<Record<string, string>> = {
  'US PACIFIC': 'America/Los_Angeles', 'PACIFIC': 'America/Los_Angeles', 'PACIFIC TIME': 'America/Los_Angeles',
  'PACIFIC STANDARD TIME': 'America/Los_Angeles', 'PACIFIC DAYLIGHT TIME': 'America/Los_Angeles',
  'US MOUNTAIN': 'America/Denver', 'MOUNTAIN': 'America/Denver', 'MOUNTAIN TIME': 'America/Denver',
  'US CENTRAL': 'America/Chicago', 'CENTRAL': 'America/Chicago', 'CENTRAL TIME': 'America/Chicago',
  'US EASTERN': 'America/New_York', 'EASTERN': 'America/New_York', 'EASTERN TIME': 'America/New_York',
  'EASTERN STANDARD TIME': 'America/New_York', 'EASTERN DAYLIGHT TIME': 'America/New_York',
  'COORDINATED UNIVERSAL TIME': 'UTC', 'GREENWICH MEAN TIME': 'UTC', 'ZULU': 'UTC',
  'BRITISH SUMMER TIME': 'Europe/London', 'UK TIME': 'Europe/London', 'LONDON TIME': 'Europe/London',
  'CENTRAL EUROPEAN TIME': 'Europe/Paris', 'CENTRAL EUROPEAN SUMMER TIME': 'Europe/Paris',
  'EASTERN EUROPEAN TIME': 'Europe/Helsinki', 'EASTERN EUROPEAN SUMMER TIME': 'Europe/Helsinki',
  'INDIA STANDARD TIME': 'Asia/Kolkata', 'JAPAN STANDARD TIME': 'Asia/Tokyo',
};

/** The IANA zone an abbreviation such as `PST` stands for; case-sensitive (abbreviations are upper case). */
export function zoneForAbbreviation(abbreviation: string): string | null {
  return Object.hasOwn(ABBREVIATIONS, abbreviation) ? ABBREVIATIONS[abbreviation] ?? null : null;
}

/** The IANA zone a written name stands for: an abbreviation in any case, or a long name (`US Pacific`,
 * `Pacific time`, `Central European Time`). White space is collapsed. Null when unknown. */
export function zoneForName(name: string): string | null {
  const key = name.trim().replace(/\s+/g, ' ').toUpperCase();
  if (Object.hasOwn(ABBREVIATIONS, key)) return ABBREVIATIONS[key] ?? null;
  if (Object.hasOwn(LONG_NAMES, key)) return LONG_NAMES[key] ?? null;
  return null;
}
