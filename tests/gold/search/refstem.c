/* refstem — the search harness's reference analysis: reads words, one a
 * line (already case- and accent-folded by the scorer), and prints each
 * one's English Snowball stem on a line of its own. It links libstemmer
 * directly and nothing of verbatim, so the judge of "a form of the query
 * word" does not share the code it judges. */
#include <libstemmer.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
  if (!st) {
    fputs("refstem: no English stemmer\n", stderr);
    return 1;
  }
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\n");
    const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)line, (int)n);
    if (!s) {
      fputs("refstem: out of memory\n", stderr);
      sb_stemmer_delete(st);
      return 1;
    }
    fwrite(s, 1, (size_t)sb_stemmer_length(st), stdout);
    putchar('\n');
  }
  sb_stemmer_delete(st);
  return ferror(stdout) ? 1 : 0;
}
