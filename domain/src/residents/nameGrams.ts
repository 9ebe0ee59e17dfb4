/**
 * The index of residents' names for the county-wide name search (table `resident_name_grams`):
 * every single character of a name and every pair of adjacent characters, ASCII letters lower-cased.
 * A search for text of one character asks for that character; longer text asks for residents having
 * all of its pairs — a superset of the names containing it, which the search then checks with its
 * own LIKE. Pairs, not FTS5's trigrams: Chinese names are two to four characters, and the common
 * searches — a surname, a given name — are one or two, which a trigram index cannot answer.
 *
 * Characters are code points (as SQLite's and PostgreSQL's `substr` count them), so migration
 * 20261207_0202's SQL backfill and this function index a name the same way.
 */
export function nameGrams(name: string): string[] {
  const chars = Array.from(asciiLower(name));
  const grams = new Set(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** The grams a search for `text` asks for: the character itself, or every pair in it. */
export function searchGrams(text: string): string[] {
  const chars = Array.from(asciiLower(text));
  if (chars.length <= 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return [...pairs];
}

/** Only A–Z: SQLite's lower() folds nothing else, and its LIKE is case-blind for ASCII only. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
