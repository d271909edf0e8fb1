/**
 * Counts in English text, through the CLDR plural rules (`Intl.PluralRules`) rather than
 * `n === 1 ? "" : "s"` scattered over the screens: "1 member loses it", "2 members lose it",
 * "0 members lose it".
 */
const rules = new Intl.PluralRules("en");
const numbers = new Intl.NumberFormat("en");

/** `1200` → "1,200", with one shared formatter (`toLocaleString("en")` builds one per call). */
export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** The form of a word (or verb) that goes with `n`: `plural(n, "loses", "lose")`. */
export function plural(n: number, one: string, other: string = `${one}s`): string {
  return rules.select(n) === "one" ? one : other;
}

/** `n` with its noun: `count(1200, "member")` → "1,200 members"; `count(1, "person", "people")`. */
export function count(n: number, one: string, other: string = `${one}s`): string {
  return `${numbers.format(n)} ${plural(n, one, other)}`;
}
