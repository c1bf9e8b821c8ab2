/* badge_tool.c — the helper of the badge scripts in this folder: renders sample badges with real
 * signed tokens, and verifies tokens read back from badges by an independent QR reader.
 *
 *   badge_tool render LAYOUT N OUT.pdf   renders N sample badges (every role, the longest names);
 *                                        prints "key <public key hex>", then per badge
 *                                        "token <text> <page> <x> <y> <w> <h>": its page and its
 *                                        area in pixels at 150 dpi (pdftoppm -x -y -W -H)
 *   badge_tool verify KEYHEX             reads decoded texts, one per line, from stdin and prints
 *                                        "ok <edition> <registration> <revision>" for each valid
 *                                        token, "bad <status>" otherwise; exit 1 if any is bad */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badges/badge.h"
#include "badges/token.h"

static const char *const NAMES[] = {
    "María de los Ángeles Guadalupe Pérez Ñacato de la Torre", "Juan Sebastián Rodríguez-Villavicencio Arteaga",
    "Ana Paz", "Carlos Andrés Muñoz Peñaherrera", "Lucía Quishpe", "José Tenesaca Guamán", "Fernanda Yépez Andrade",
    "Diego Chávez", "Rosa Elena Guamán Cuji", "Patricio Zúñiga", "Iñaki Ñauñay", "Sisa Pacari Tituaña"};
static const char *const ORGS[] = {
    "Gobierno Autónomo Descentralizado Municipal del Cantón San Miguel de Urcuquí", "GAD Municipal de Latacunga",
    "Agencia Española de Cooperación Internacional para el Desarrollo (AECID)", "Universidad Técnica de Cotopaxi",
    "Fundación Ñan", "Diario La Hora", "Consorcio de Gobiernos Autónomos Provinciales del Ecuador",
    "Asociación de Municipalidades Ecuatorianas (AME)", "Unión Europea", "GAD Municipal de Pastaza", "Radio Pública",
    "Red de Mujeres Municipalistas"};
static const char *const POSTS[] = {"Directora de Planificación y Ordenamiento Territorial", "Alcalde",
                                    "Coordinadora de Programas", "Docente investigador", "Presidenta", "Periodista",
                                    "Director Ejecutivo", "Técnico de Cooperación Internacional", "Embajadora",
                                    "Alcalde", "Reportero", ""};

static int render(const char *layout_name, size_t n, const char *out) {
  enum badge_layout layout;
  if (!badge_layout_parse(layout_name, &layout) || n == 0) {
    fprintf(stderr, "usage: badge_tool render a4-10|a4-8|a6|cr80 N OUT.pdf\n");
    return 2;
  }
  unsigned char pk[32], sk[64];
  token_keypair(pk, sk);
  struct badge *b = calloc(n, sizeof *b);
  char(*tokens)[TOKEN_TEXT_MAX] = calloc(n, TOKEN_TEXT_MAX);
  char(*codes)[8] = calloc(n, 8);
  if (!b || !tokens || !codes) return 1;
  size_t nroles;
  const struct badge_role *roles = badge_roles(&nroles);
  printf("key ");
  for (int i = 0; i < 32; i++) printf("%02x", pk[i]);
  printf("\n");
  for (size_t i = 0; i < n; i++) {
    token_sign(&(struct token_claims){TOKEN_VERSION, 2, (uint32_t)(100 + i), (uint16_t)(1 + i % 4)}, sk, tokens[i]);
    static const char AL[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    for (int k = 0; k < 6; k++) codes[i][k] = AL[((i + 7) * 2654435761u >> (5 * k)) & 31];
    const struct badge_role *r = &roles[i % nroles];
    size_t m = i % (sizeof NAMES / sizeof *NAMES);
    b[i] = (struct badge){NAMES[m], ORGS[m], POSTS[m], r->label, codes[i], tokens[i], r->band};
    struct badge_geometry g;
    badge_geometry(layout, &g);
    size_t per = (size_t)(g.cols * g.rows), k = i % per;
    float px = 150.0f / 72, x = g.grid_x + (float)(k % (size_t)g.cols) * g.w;
    float top = g.page_h - g.grid_y - (float)((size_t)g.rows - k / (size_t)g.cols) * g.h;
    printf("token %s %zu %d %d %d %d\n", tokens[i], i / per + 1, (int)(x * px), (int)(top * px), (int)(g.w * px) + 1,
           (int)(g.h * px) + 1);
  }
  struct badge_event ev = {
      "III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2024",
      "Latacunga 2024", "25 y 26 de noviembre de 2024", "Latacunga"};
  unsigned char *pdf;
  size_t len;
  if (badges_render(&ev, b, n, layout, 1732550400, &pdf, &len) != 0) {
    fprintf(stderr, "badge_tool: rendering failed\n");
    return 1;
  }
  FILE *f = fopen(out, "wb");
  if (!f || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "badge_tool: cannot write %s\n", out);
    return 1;
  }
  free(pdf), free(b), free(tokens), free(codes);
  return 0;
}

static int verify(const char *hex) {
  unsigned char pk[32];
  for (int i = 0; i < 32; i++) {
    unsigned v;
    if (strlen(hex) != 64 || sscanf(hex + 2 * i, "%2x", &v) != 1) {
      fprintf(stderr, "badge_tool: the key is 64 hex digits\n");
      return 2;
    }
    pk[i] = (unsigned char)v;
  }
  char line[4096];
  int bad = 0;
  while (fgets(line, sizeof line, stdin)) {
    struct token_claims c;
    enum token_status st = token_verify(line, pk, &c);
    if (st == TOKEN_VALID) {
      printf("ok %u %u %u\n", (unsigned)c.edition_id, (unsigned)c.registration_id, (unsigned)c.revision);
    } else {
      printf("bad %s\n", token_status_name(st));
      bad = 1;
    }
  }
  return bad;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "render") == 0) return render(argv[2], (size_t)strtoul(argv[3], NULL, 10), argv[4]);
  if (argc == 3 && strcmp(argv[1], "verify") == 0) return verify(argv[2]);
  fprintf(stderr, "usage: badge_tool render LAYOUT N OUT.pdf | badge_tool verify KEYHEX < texts\n");
  return 2;
}
