/* graph — where the network's nodes go, computed with the answer: a
 * force-directed placement (Fruchterman and Reingold's, with a pull to the
 * centre so that separate parts stay in view), deterministic, so the same
 * query draws the same picture. The browser draws the given positions
 * instead of running a layout of its own on the page's main thread (the
 * UN archive's network view spent 170-190 ms of CPU there). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "store/store.h"

/* Rounds of moves, and the room a node has (positions are in units of
 * about a node's distance to its neighbours). */
#define PLACE_ROUNDS 300
#define PLACE_ROOM 80.0
#define PLACE_GRAVITY 0.05
/* The radius of the heaviest node as the page draws it (web/charts.js: 12
 * to 52 px wide) */
#define PLACE_RADIUS 22.0
#define GOLDEN_ANGLE 2.39996322972865332

/* Nodes with no link drawn, in a row above the others, as a separate
 * part: pushed by everyone and pulled by no one, they would drift to the
 * edge and leave the linked nodes small in the middle of the picture. */
static void alone_in_a_row(vb_node *nodes, size_t n, const uint32_t *ends, size_t m) {
  unsigned char *linked = calloc(n, 1);
  if (!linked) return;
  for (size_t e = 0; e < 2 * m; e++) linked[ends[e]] = 1;
  double x0 = 0, x1 = 0, y0 = 0;
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    if (!linked[i]) continue;
    if (!any || nodes[i].x < x0) x0 = nodes[i].x;
    if (!any || nodes[i].x > x1) x1 = nodes[i].x;
    if (!any || nodes[i].y < y0) y0 = nodes[i].y;
    any = 1;
  }
  double x = x0, y = any ? y0 - PLACE_ROOM : 0;
  for (size_t i = 0; i < n; i++) {
    if (linked[i]) continue;
    if (any && x > x1 && x > x0) { /* a row as wide as the rest */
      x = x0;
      y -= PLACE_ROOM;
    }
    nodes[i].x = x;
    nodes[i].y = y;
    x += 1.5 * PLACE_ROOM;
  }
  free(linked);
}

int vs_graph_place(vb_node *nodes, size_t n, const vb_edge *edges, size_t ne) {
  if (!n) return 0;
  double *dx = calloc(3 * n, sizeof *dx), *pull = ne ? malloc(ne * sizeof *pull) : NULL, *rad = dx ? dx + 2 * n : NULL;
  uint32_t *ends = ne ? malloc(2 * ne * sizeof *ends) : NULL;
  vb_map at;
  vb_map_init(&at);
  int rc = !dx || (ne && (!ends || !pull)) ? -1 : 0;
  for (size_t i = 0; !rc && i < n; i++)
    if (vb_map_set(&at, nodes[i].id, strlen(nodes[i].id), (uint32_t)i)) rc = -1;
  size_t m = 0;
  int64_t maxw = 1;
  for (size_t i = 0; !rc && i < ne; i++)
    if (edges[i].weight > maxw) maxw = edges[i].weight;
  for (size_t i = 0; !rc && i < ne; i++) {
    uint32_t a = vb_map_get(&at, edges[i].source, strlen(edges[i].source));
    uint32_t b = vb_map_get(&at, edges[i].target, strlen(edges[i].target));
    if (a == VB_MAP_NONE || b == VB_MAP_NONE || a == b) continue;
    ends[2 * m] = a;
    ends[2 * m + 1] = b;
    pull[m++] = 0.3 + 0.7 * (double)edges[i].weight / (double)maxw; /* a stronger link holds closer */
  }
  vb_map_free(&at);
  /* a spiral, heaviest in the middle: the nodes come heaviest first */
  const double k = PLACE_ROOM;
  int64_t maxn = 1;
  for (size_t i = 0; i < n; i++)
    if (nodes[i].weight > maxn) maxn = nodes[i].weight;
  for (size_t i = 0; !rc && i < n; i++) {
    rad[i] = PLACE_RADIUS * (0.25 + sqrt((double)nodes[i].weight / (double)maxn));
    double r = k * sqrt((double)i + 0.5), t = (double)i * GOLDEN_ANGLE;
    nodes[i].x = r * cos(t);
    nodes[i].y = r * sin(t);
  }
  double temp = k * sqrt((double)n);
  const double cool = temp / (PLACE_ROUNDS + 1);
  for (int round = 0; !rc && round < PLACE_ROUNDS; round++, temp -= cool) {
    memset(dx, 0, 2 * n * sizeof *dx);
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) { /* every two push apart, k²/d */
        double ux = nodes[i].x - nodes[j].x, uy = nodes[i].y - nodes[j].y;
        double d2 = ux * ux + uy * uy;
        if (d2 < 1e-6) { /* on top of each other: apart along a fixed line */
          ux = 0.01 * (double)(i + 1);
          uy = 0.01 * (double)(j + 1);
          d2 = ux * ux + uy * uy;
        }
        /* measured between the nodes' rims: a heavy node is drawn large */
        double d = sqrt(d2), gap = d - rad[i] - rad[j];
        if (gap < 0.1 * d) gap = 0.1 * d;
        double f = k * k / (gap * d);
        dx[2 * i] += ux * f;
        dx[2 * i + 1] += uy * f;
        dx[2 * j] -= ux * f;
        dx[2 * j + 1] -= uy * f;
      }
    for (size_t e = 0; e < m; e++) { /* a link pulls its two together, d²/k */
      uint32_t i = ends[2 * e], j = ends[2 * e + 1];
      double ux = nodes[i].x - nodes[j].x, uy = nodes[i].y - nodes[j].y;
      double f = sqrt(ux * ux + uy * uy) / k * pull[e];
      dx[2 * i] -= ux * f;
      dx[2 * i + 1] -= uy * f;
      dx[2 * j] += ux * f;
      dx[2 * j + 1] += uy * f;
    }
    for (size_t i = 0; i < n; i++) { /* the centre pulls everyone a little */
      double d = sqrt(nodes[i].x * nodes[i].x + nodes[i].y * nodes[i].y);
      dx[2 * i] -= nodes[i].x * PLACE_GRAVITY * d / k;
      dx[2 * i + 1] -= nodes[i].y * PLACE_GRAVITY * d / k;
      /* a move at most as long as the temperature */
      double len = sqrt(dx[2 * i] * dx[2 * i] + dx[2 * i + 1] * dx[2 * i + 1]);
      if (len > 0) {
        double step = len < temp ? len : temp;
        nodes[i].x += dx[2 * i] / len * step;
        nodes[i].y += dx[2 * i + 1] / len * step;
      }
    }
  }
  if (!rc) alone_in_a_row(nodes, n, ends, m);
  free(dx);
  free(pull);
  free(ends);
  return rc;
}
