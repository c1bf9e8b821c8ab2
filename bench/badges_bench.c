/* badges_bench.c — how fast badges/ renders a sheet of badges, and how big the PDF is.
 *
 * Builds N badges with realistic data (Ecuadorian names with accents and ñ, compound surnames,
 * municipalities, posts, every role) and a real signed check-in token each, then times
 * badges_render on a layout (a4-10 by default, the layout of the ReportLab baseline) a few times.
 * Prints one line per run and a summary line that bench/badges.sh reads:
 *   result layout=a4-10 n=1000 ms=412.3 cpu_ms=398.1 bytes=1000123
 * (ms: the median wall time of the runs; cpu_ms: its process CPU time). Signing the tokens is not
 * timed: the server signs them as it reads the registrations.
 *
 * Usage: badges_bench [N] [LAYOUT] [RUNS] [OUT.pdf] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "badges/badge.h"
#include "badges/token.h"

static const char *const GIVEN[] = {"María", "José", "Ana Lucía", "Juan Carlos", "Diana", "Luis Fernando", "Verónica",
                                    "Jorge", "María de los Ángeles", "Santiago", "Gabriela", "Ñusta", "Andrés",
                                    "Mónica Patricia", "Édison", "Sisa", "Byron", "Paulina", "Wilson", "Jimena"};
static const char *const SURNAME[] = {"Pérez", "Ñacato", "Rodríguez-Villavicencio", "Guamán", "Chimbo", "Yépez",
                                      "Muñoz", "Quishpe", "Andrade", "Zúñiga", "Cevallos", "Tenesaca", "Peñaherrera",
                                      "Cuji", "Villacís", "Ortiz de la Torre", "Espinoza", "Tituaña", "Maldonado"};
static const char *const CANTON[] = {"Latacunga", "Pastaza", "Cuenca", "Loja", "San Miguel de Urcuquí", "Santa Elena",
                                     "Francisco de Orellana", "Peñaherrera", "Otavalo", "Riobamba", "Puyo", "Baños de Agua Santa"};
static const char *const ORG_FORM[] = {"GAD Municipal de %s", "Gobierno Autónomo Descentralizado Municipal del Cantón %s",
                                       "Universidad Técnica de %s", "Fundación Ñan – %s", "Cámara de Turismo de %s"};
static const char *const POST[] = {"Alcalde", "Alcaldesa", "Concejal", "Directora de Planificación",
                                   "Técnico de Cooperación Internacional", "Coordinadora de Relaciones Internacionales",
                                   "Docente investigador", "Periodista", "Jefe de Gestión Ambiental y Riesgos", ""};

static double now(clockid_t clk) {
  struct timespec t;
  clock_gettime(clk, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
  enum badge_layout layout = BADGE_A4_10;
  if (argc > 2 && !badge_layout_parse(argv[2], &layout)) {
    fprintf(stderr, "unknown layout %s (a4-10, a4-8, a6, cr80)\n", argv[2]);
    return 2;
  }
  int runs = argc > 3 ? atoi(argv[3]) : 3;
  const char *out = argc > 4 ? argv[4] : NULL;
  if (n == 0 || runs < 1) return 2;

  struct badge *b = calloc(n, sizeof *b);
  char(*names)[96] = calloc(n, 96), (*orgs)[128] = calloc(n, 128), (*codes)[8] = calloc(n, 8);
  char(*tokens)[TOKEN_TEXT_MAX] = calloc(n, TOKEN_TEXT_MAX);
  if (!b || !names || !orgs || !codes || !tokens) return 1;
  unsigned char pk[32], sk[64];
  token_keypair(pk, sk);
  size_t nroles;
  const struct badge_role *roles = badge_roles(&nroles);
  const size_t ng = sizeof GIVEN / sizeof *GIVEN, ns = sizeof SURNAME / sizeof *SURNAME,
               nc = sizeof CANTON / sizeof *CANTON, no = sizeof ORG_FORM / sizeof *ORG_FORM, np = sizeof POST / sizeof *POST;
  for (size_t i = 0; i < n; i++) {
    snprintf(names[i], sizeof names[i], "%s %s %s", GIVEN[i % ng], SURNAME[(i * 7) % ns], SURNAME[(i * 3 + 5) % ns]);
    snprintf(orgs[i], sizeof orgs[i], ORG_FORM[(i / 3) % no], CANTON[(i * 5) % nc]);
    static const char AL[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    for (int k = 0; k < 6; k++) codes[i][k] = AL[(i * 2654435761u >> (5 * k)) & 31];
    struct token_claims c = {TOKEN_VERSION, 2, (uint32_t)(1 + i), 1};
    token_sign(&c, sk, tokens[i]);
    const struct badge_role *r = &roles[i % nroles];
    b[i] = (struct badge){names[i], orgs[i], POST[(i * 11) % np], r->label, codes[i], tokens[i], r->band};
  }
  struct badge_event ev = {
      "IV Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2025",
      "Pastaza 2025", "del 20 al 21 de noviembre de 2025", "Puyo"};

  double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
  size_t bytes = 0;
  for (int r = 0; r < runs; r++) {
    unsigned char *pdf = NULL;
    size_t len = 0;
    double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (badges_render(&ev, b, n, layout, 1763596800, &pdf, &len) != 0) {
      fprintf(stderr, "badges_render failed\n");
      return 1;
    }
    wall[r] = now(CLOCK_MONOTONIC) - t0;
    cpu[r] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    bytes = len;
    printf("run %d: %.1f ms (cpu %.1f ms), %zu bytes\n", r + 1, wall[r], cpu[r], len);
    if (out && r == 0) {
      FILE *f = fopen(out, "wb");
      if (!f || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", out);
        return 1;
      }
    }
    free(pdf);
  }
  double w_sorted[64], c_sorted[64];
  int m = runs < 64 ? runs : 64;
  memcpy(w_sorted, wall, (size_t)m * sizeof *wall);
  memcpy(c_sorted, cpu, (size_t)m * sizeof *cpu);
  qsort(w_sorted, (size_t)m, sizeof *w_sorted, cmp_double);
  qsort(c_sorted, (size_t)m, sizeof *c_sorted, cmp_double);
  printf("result layout=%s n=%zu ms=%.1f cpu_ms=%.1f bytes=%zu\n", badge_layout_name(layout), n, w_sorted[m / 2],
         c_sorted[m / 2], bytes);
  free(wall), free(cpu), free(b), free(names), free(orgs), free(codes), free(tokens);
  return 0;
}
