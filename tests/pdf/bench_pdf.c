/* bench_pdf.c — renders the Latacunga memoria and a sheet of certificates, reports how long the
 * memoria takes (wall clock and CPU, median and best of N runs in one process, as the server
 * renders), and writes the PDFs for a look:
 *   build/bench_pdf [runs] [outdir]      (make bench-pdf; default 20 runs, outdir /tmp/pdfshots) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pdf/certificate.h"
#include "pdf/proceedings.h"
#include "tests/pdf/latacunga.h"

static double ms(clockid_t clk) {
  struct timespec t;
  clock_gettime(clk, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)n);
  *len = fread(b, 1, (size_t)n, f);
  fclose(f);
  return b;
}

static void spit(const char *dir, const char *name, const unsigned char *b, size_t n) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b, 1, n, f) != n) {
    perror(path);
    exit(1);
  }
  fclose(f);
  printf("wrote %s (%zu bytes)\n", path, n);
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 20;
  const char *dir = argc > 2 ? argv[2] : "/tmp/pdfshots";
  if (runs < 1) runs = 1;
  mkdir(dir, 0755);
  size_t plen = 0;
  unsigned char *photo = slurp("tests/fixtures/speaker.jpg", &plen);
  static struct latacunga L;
  latacunga_build(&L, photo, plen, "image/jpeg");

  double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
  unsigned char *pdf = NULL;
  size_t len = 0;
  for (int i = 0; i < runs; i++) {
    free(pdf);
    double w0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
    if (proceedings_render(&L.p, &pdf, &len) != 0) {
      fprintf(stderr, "proceedings_render failed\n");
      return 1;
    }
    wall[i] = ms(CLOCK_MONOTONIC) - w0;
    cpu[i] = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
  }
  qsort(wall, (size_t)runs, sizeof *wall, cmp);
  qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
  printf(
      "memoria (Latacunga 2024, %zu bytes): %d runs, wall median %.1f ms best %.1f ms; cpu median %.1f ms best %.1f ms\n",
      len, runs, wall[runs / 2], wall[0], cpu[runs / 2], cpu[0]);
  spit(dir, "memoria.pdf", pdf, len);
  free(pdf);

  struct certificate_signer signers[2] = {{latacunga_credits[0].name, latacunga_credits[0].role_title},
                                          {latacunga_credits[1].name, latacunga_credits[1].role_title}};
  struct certificate_signer three[3] = {{"Patricio Maldonado", "Presidente de AME"},
                                        {"Esteban Orellana", "Director Ejecutivo de AME"},
                                        {"Luis Enrique Ortíz", "Director de Cooperación Internacional"}};
  struct certificate certs[4] = {
      {.full_name = "María José Ñacato Guamán",
       .organization = "GAD Municipal de Latacunga",
       .edition_title = LATACUNGA_TITLE,
       .city = "Latacunga",
       .dates_text = "25 y 26 de noviembre de 2024",
       .signers = signers,
       .n_signers = 2,
       .verify_url = "https://asamblea.ame.gob.ec/v/LTG24-7QK9X",
       .code = "LTG24-7QK9X",
       .issued = 1733151600},
      {.full_name = "César Argüello",
       .organization = "Agencia de Cooperación Internacional de Corea (KOICA)",
       .edition_title = LATACUNGA_TITLE,
       .city = "Latacunga",
       .dates_text = "25 y 26 de noviembre de 2024",
       .signers = signers,
       .n_signers = 2,
       .verify_url = "https://asamblea.ame.gob.ec/v/LTG24-M2P4R",
       .code = "LTG24-M2P4R",
       .issued = 1733151600},
      {.full_name = "Dr. Francisco Grijalva",
       .organization = "Secretaría de Inversiones Público-Privadas",
       .edition_title = LATACUNGA_TITLE,
       .city = "Latacunga",
       .dates_text = "25 y 26 de noviembre de 2024",
       .signers = signers,
       .n_signers = 1,
       .verify_url = "https://asamblea.ame.gob.ec/v/LTG24-ZZ8WD",
       .code = "LTG24-ZZ8WD",
       .issued = 1733151600},
      {.full_name = "María Fernanda de los Ángeles Villavicencio Zambrano de la Torre y Saltos",
       .organization = "Gobierno Autónomo Descentralizado Municipal del Cantón San Francisco de Puebloviejo",
       .edition_title = LATACUNGA_TITLE,
       .city = "Latacunga",
       .dates_text = "25 y 26 de noviembre de 2024",
       .signers = three,
       .n_signers = 3,
       .verify_url = "https://asamblea.ame.gob.ec/v/LTG24-LONG1",
       .code = "LTG24-LONG1",
       .issued = 1733151600},
  };
  double c0 = ms(CLOCK_MONOTONIC);
  if (certificates_render(certs, 4, &pdf, &len) != 0) {
    fprintf(stderr, "certificates_render failed\n");
    return 1;
  }
  printf("certificates: 4 pages in %.1f ms\n", ms(CLOCK_MONOTONIC) - c0);
  spit(dir, "certificados.pdf", pdf, len);
  free(pdf);
  free(wall);
  free(cpu);
  free(photo);
  return 0;
}
