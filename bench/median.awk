# median.awk: the medians the bench scripts print, one definition for all.
# As a library, before a script's own program (mawk has no -e; both by -f):
#   awk -f bench/median.awk -f /dev/stdin DATA <<'PROG' ... PROG
#   keep(k, x)  keeps value x under key k;  med(k)  the median of k's values
#   (of an even count the mean of the middle two; 0 when k has none).
# Alone, with -v lines=1: the median of the first field of its input lines.
function keep(k, x) { med_v[k, ++med_n[k]] = x }
function med(k,   n, i, j, x, a) {
  n = med_n[k] + 0
  if (!n) return 0
  for (i = 1; i <= n; i++) a[i] = med_v[k, i] + 0
  for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
lines { keep("", $1) }
END { if (lines) print med("") }
