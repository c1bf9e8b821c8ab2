/* test_capacity_model.c — the capacity rule of server/db_registrations.c and db_editions.c tried
 * against a model: random sequences of public sign-ups (direct, or through the double opt-in of
 * confirm_email: pending, then the e-mailed link opened), organizer creates (every type), type
 * changes, status changes (alone and with a type), cancellations and capacity changes (raise,
 * lower, none) on a fresh edition of a temporary database, through the db_* API. After every step
 * the answer must be the model's, every registration's status and type the model's, and the rule
 * must hold as read from the database: seats taken within capacity (or kept from before a
 * lowering, never more), no free seat while a seat-taker waits, only seat-takers wait, and the
 * waitlist positions count in sign-up order. A failure names the seed and the step; rerun one seed
 * with CAPACITY_SEED=N (CAPACITY_STEPS sets the length). */
#include "registrations_fixture.h"

#include <strings.h>

#define MAX_REGS 1024
#define DEFAULT_STEPS 400

static const char *const all_types[] = {"authority", "official", "cooperation", "academia", "civil_society",
                                        "press",     "speaker",  "organizer",   "guest"};
#define SEAT_TYPE_COUNT 6
#define TYPE_COUNT 9
static const char *const statuses[] = {"confirmed", "waitlisted", "cancelled"};

/* One registration as the model sees it, in sign-up order. */
struct model_reg {
  char code[REGCODE_LEN + 1];
  char email[64];
  const char *type;
  const char *status;
};

struct model {
  struct model_reg regs[MAX_REGS];
  int count;
  long long capacity; /* -1: unlimited */
};

/* The run under way, named in every failure. */
static struct {
  unsigned long long seed, rng;
  int step;
  char slug[40];
  char op[160];
} run;

/* Answers seen over all seeds, for the figures printed at the end. */
static struct { long long steps, ok, conflict, duplicate, promotions; } seen;

static unsigned next_random(unsigned bound) {
  run.rng ^= run.rng << 13; /* xorshift64 */
  run.rng ^= run.rng >> 7;
  run.rng ^= run.rng << 17;
  return (unsigned)(run.rng % bound);
}

#define FAIL(...)                                                                                              \
  do {                                                                                                         \
    char what_[400];                                                                                           \
    snprintf(what_, sizeof what_, __VA_ARGS__);                                                                \
    fail_msg("seed %llu, step %d (%s): %s — rerun with CAPACITY_SEED=%llu", run.seed, run.step, run.op, what_, \
             run.seed);                                                                                        \
  } while (0)

static bool takes_seat(const char *type) { return attendee_type_takes_seat(type); }
static bool holds(const struct model_reg *r) { return strcmp(r->status, "confirmed") == 0 && takes_seat(r->type); }

static long long model_taken(const struct model *m) {
  long long n = 0;
  for (int i = 0; i < m->count; i++) n += holds(&m->regs[i]);
  return n;
}

static bool model_seat_free(const struct model *m) { return m->capacity < 0 || model_taken(m) < m->capacity; }

/* The oldest waiting seat-takers but `except` (-1: none) take the free seats. */
static void model_promote(struct model *m, int except) {
  for (int i = 0; i < m->count && model_seat_free(m); i++)
    if (i != except && strcmp(m->regs[i].status, "waitlisted") == 0 && takes_seat(m->regs[i].type)) {
      m->regs[i].status = "confirmed";
      seen.promotions++;
    }
}

/* Where a waitlisted registration stands in the queue (1: next); 0 for the others. */
static long long model_position(const struct model *m, int who) {
  if (strcmp(m->regs[who].status, "waitlisted") != 0) return 0;
  long long n = 0;
  for (int i = 0; i <= who; i++) n += strcmp(m->regs[i].status, "waitlisted") == 0 && takes_seat(m->regs[i].type);
  return n;
}

static bool model_email_live(const struct model *m, const char *email, int except) {
  for (int i = 0; i < m->count; i++)
    if (i != except && strcasecmp(m->regs[i].email, email) == 0 && strcmp(m->regs[i].status, "cancelled") != 0)
      return true;
  return false;
}

/* ---- what the database says ---- */

static struct edition current_edition(void) {
  struct edition ed;
  if (db_editions_lookup(db(), run.slug, &ed) != ERR_OK) FAIL("edition %s not found", run.slug);
  return ed;
}

static struct reg_ref ref_for(const struct model_reg *r) {
  struct reg_ref ref;
  memset(&ref, 0, sizeof ref);
  if (db_registrations_ref(db(), r->code, &ref) != ERR_OK) FAIL("registration %s not found", r->code);
  return ref;
}

static long long db_position(const struct model_reg *r) {
  struct reg_ref ref = ref_for(r);
  cJSON *o = NULL;
  if (db_registrations_get(db(), &ref, &o) != ERR_OK) FAIL("db_registrations_get(%s) failed", r->code);
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "waitlist_position");
  long long v = cJSON_IsNumber(p) ? (long long)p->valuedouble : 0;
  cJSON_Delete(o);
  return v;
}

/* Every registration of the edition in sign-up order must be the model's, and the rule must hold. */
static void check_against_model(const struct model *m, long long taken_before) {
  assert_no_open_transaction();
  struct edition ed = current_edition();
  if (ed.capacity != m->capacity) FAIL("capacity %lld, the model has %lld", ed.capacity, m->capacity);
  sqlite3_stmt *st = prepare("SELECT code, status, attendee_type FROM registrations WHERE edition_id = ? ORDER BY id");
  sqlite3_bind_int64(st, 1, ed.id);
  int n = 0;
  long long taken = 0, waiting = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(st, 0), *status = (const char *)sqlite3_column_text(st, 1),
               *type = (const char *)sqlite3_column_text(st, 2);
    const struct model_reg *r = n < m->count ? &m->regs[n] : NULL;
    if (!r || strcmp(code, r->code) != 0) {
      sqlite3_finalize(st);
      FAIL("row %d is %s, the model has %s", n, code, r ? r->code : "nothing");
    }
    if (strcmp(status, r->status) != 0 || strcmp(type, r->type) != 0) {
      char got[80];
      snprintf(got, sizeof got, "%s %s", status, type);
      sqlite3_finalize(st);
      FAIL("%s (row %d) is %s, the model says %s %s", r->code, n, got, r->status, r->type);
    }
    taken += strcmp(status, "confirmed") == 0 && takes_seat(type);
    if (strcmp(status, "waitlisted") == 0) {
      if (!takes_seat(type)) FAIL("%s waits though a %s takes no seat", code, type);
      waiting++;
    }
    n++;
  }
  sqlite3_finalize(st);
  if (n != m->count) FAIL("%d registrations, the model has %d", n, m->count);
  if (m->capacity >= 0 && taken > m->capacity && taken > taken_before)
    FAIL("%lld seats taken for capacity %lld (%lld before the step)", taken, m->capacity, taken_before);
  if (waiting && (m->capacity < 0 || taken < m->capacity))
    FAIL("%lld wait while %lld of %lld seats are taken", waiting, taken, m->capacity);
  for (int i = 0; i < m->count; i++)
    if (strcmp(m->regs[i].status, "waitlisted") == 0 && db_position(&m->regs[i]) != model_position(m, i))
      FAIL("%s is at waitlist position %lld, the model says %lld", m->regs[i].code, db_position(&m->regs[i]),
           model_position(m, i));
}

/* ---- the operations: each does it on the database and on the model, and compares answers ---- */

static void expect(enum err got, enum err want, const struct verror *ve, const char *want_field) {
  if (got != want) FAIL("answered %s, the model expects %s", err_code(got), err_code(want));
  seen.ok += got == ERR_OK;
  seen.conflict += got == ERR_CONFLICT;
  seen.duplicate += got == ERR_DUPLICATE_REG;
  if (want_field && (!ve->field || strcmp(ve->field, want_field) != 0))
    FAIL("refused on field %s, the model expects %s", ve->field ? ve->field : "(none)", want_field);
}

/* A public sign-up through the double opt-in: kept pending, then its e-mailed link opened, which
 * makes the registration under the same rule as a direct sign-up. */
static enum err create_through_email(const struct edition *ed, const struct reg_input *in, struct reg_created *out) {
  enum err e = db_registrations_create_pending(db(), ed, in, out);
  if (e != ERR_OK) return e;
  if (strcmp(out->status, "pending_email") != 0) FAIL("a pending sign-up answered %s", out->status);
  sqlite3_stmt *st =
      prepare("SELECT body_box FROM outbox WHERE kind = 'registration.confirm_email' ORDER BY id DESC LIMIT 1");
  char *body = sqlite3_step(st) == SQLITE_ROW
                   ? secrets_open_text(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0))
                   : NULL;
  sqlite3_finalize(st);
  if (!body) body = strdup("");
  const char *link = strstr(body, "/confirmar?t=");
  char token[TOKEN_CHARS] = "";
  if (link) snprintf(token, sizeof token, "%.43s", link + strlen("/confirmar?t="));
  free(body);
  if (!link) FAIL("no confirmation link in the message to the address");
  return db_registrations_confirm_email(db(), ed, token, out);
}

static void op_create(struct model *m, bool by_organizer) {
  if (m->count == MAX_REGS) return;
  const char *type = all_types[next_random(by_organizer ? TYPE_COUNT : SEAT_TYPE_COUNT)];
  char email[64];
  bool reuse = m->count > 0 && next_random(10) == 0; /* now and then an email already used, in upper case */
  if (reuse) {
    snprintf(email, sizeof email, "%s", m->regs[next_random((unsigned)m->count)].email);
    for (char *c = email; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
  } else {
    snprintf(email, sizeof email, "p%d-%llu@modelo.ec", m->count, run.seed);
  }
  bool by_email = !by_organizer && next_random(2) == 0;
  snprintf(run.op, sizeof run.op, "%s create of a %s (%s)",
           by_organizer ? "organizer"
           : by_email   ? "public, e-mail confirmed,"
                        : "public",
           type, email);
  bool duplicate = model_email_live(m, email, -1);
  struct model_reg *r = &m->regs[m->count];
  memset(r, 0, sizeof *r);
  r->type = type;
  r->status = takes_seat(type) && !model_seat_free(m) ? "waitlisted" : "confirmed";
  snprintf(r->email, sizeof r->email, "%s", email);
  struct reg_input in = person("Persona Modelo", email, type);
  struct reg_created out;
  struct edition ed = current_edition();
  struct verror ve = {0};
  enum err e = by_email ? create_through_email(&ed, &in, &out)
                        : db_registrations_create(db(), &ed, &in, by_organizer, by_organizer ? organizer : 0, &out);
  expect(e, duplicate ? ERR_DUPLICATE_REG : ERR_OK, &ve, NULL);
  if (duplicate) return;
  snprintf(r->code, sizeof r->code, "%s", out.code);
  m->count++;
  if (strcmp(out.status, r->status) != 0) FAIL("answered %s, the model expects %s", out.status, r->status);
  if (out.waitlist_position != model_position(m, m->count - 1))
    FAIL("answered waitlist position %lld, the model expects %lld", out.waitlist_position,
         model_position(m, m->count - 1));
}

/* The model's answer to an organizer's change of type and/or status; applies it unless refused. */
static enum err model_update(struct model *m, int who, const char *type, const char *status, const char **field) {
  struct model_reg before = m->regs[who], *r = &m->regs[who];
  const char *new_status = status ? status : before.status, *new_type = type ? type : before.type;
  *field = status ? "status" : "attendee_type";
  if (status && strcmp(before.status, "cancelled") == 0 && strcmp(status, "cancelled") != 0 &&
      model_email_live(m, before.email, who)) {
    *field = "status";
    return ERR_DUPLICATE_REG;
  }
  r->status = new_status;
  r->type = new_type;
  if (!holds(&before) && holds(r) && m->capacity >= 0 && model_taken(m) > m->capacity) {
    *r = before;
    return ERR_CONFLICT;
  }
  static struct model saved; /* a refusal below undoes the promotions too */
  saved = *m;
  saved.regs[who] = before;
  if (holds(&before) && !holds(r)) model_promote(m, who);
  bool joins = strcmp(new_status, "waitlisted") == 0 &&
               (strcmp(before.status, new_status) != 0 || strcmp(before.type, new_type) != 0);
  if (joins && (!takes_seat(new_type) || model_seat_free(m))) {
    if (takes_seat(new_type)) *field = "status";
    *m = saved;
    return ERR_CONFLICT;
  }
  return ERR_OK;
}

static void op_update(struct model *m, bool change_type, bool change_status) {
  if (m->count == 0) return;
  int who = (int)next_random((unsigned)m->count);
  const char *type = change_type ? all_types[next_random(TYPE_COUNT)] : NULL;
  const char *status = change_status ? statuses[next_random(3)] : NULL;
  snprintf(run.op, sizeof run.op, "organizer sets %s (%s %s) to type %s, status %s", m->regs[who].code,
           m->regs[who].status, m->regs[who].type, type ? type : "-", status ? status : "-");
  struct reg_ref ref = ref_for(&m->regs[who]);
  struct reg_input in = {.attendee_type = type, .status = status};
  struct verror ve = {0};
  enum err e = db_registrations_update(db(), &ref, &in, organizer, &ve);
  const char *field = NULL;
  enum err want = model_update(m, who, type, status, &field);
  expect(e, want, &ve, want == ERR_OK ? NULL : field);
}

static void op_cancel(struct model *m) {
  if (m->count == 0) return;
  int who = (int)next_random((unsigned)m->count);
  struct model_reg *r = &m->regs[who];
  snprintf(run.op, sizeof run.op, "cancel %s (%s %s)", r->code, r->status, r->type);
  struct reg_ref ref = ref_for(r);
  enum err e = db_registrations_cancel(db(), &ref, next_random(2) ? organizer : 0);
  expect(e, ERR_OK, &(struct verror){0}, NULL);
  bool had = holds(r);
  r->status = "cancelled";
  if (had) model_promote(m, -1);
}

static void op_capacity(struct model *m) {
  long long taken = model_taken(m);
  unsigned how = next_random(5);
  long long capacity = how == 0   ? -1                                           /* no limit */
                       : how <= 2 ? taken + next_random(4)                       /* full, or a few seats free */
                       : how == 3 ? (taken > 3 ? taken - 1 - next_random(3) : 0) /* just below the seats taken */
                                  : (long long)next_random((unsigned)taken + 1); /* anywhere below */
  char json[64];
  if (capacity < 0) snprintf(json, sizeof json, "{\"capacity\":null}");
  else snprintf(json, sizeof json, "{\"capacity\":%lld}", capacity);
  snprintf(run.op, sizeof run.op, "capacity %lld → %s with %lld seats taken", m->capacity, json, taken);
  cJSON *f = cJSON_Parse(json);
  struct verror ve = {0};
  enum err e = db_editions_update(db(), run.slug, f, organizer, &ve);
  cJSON_Delete(f);
  expect(e, ERR_OK, &ve, NULL);
  m->capacity = capacity;
  model_promote(m, -1);
}

static void random_step(struct model *m) {
  unsigned pick = next_random(100);
  if (pick < 30) op_create(m, false);
  else if (pick < 42) op_create(m, true);
  else if (pick < 54) op_update(m, true, false);
  else if (pick < 68) op_update(m, false, true);
  else if (pick < 78) op_update(m, true, true);
  else if (pick < 90) op_cancel(m);
  else op_capacity(m);
}

/* A fresh open edition for one seed, with a small capacity. */
static void new_edition(struct model *m, long long capacity) {
  snprintf(run.slug, sizeof run.slug, "modelo-%llu", run.seed);
  char json[256];
  snprintf(json, sizeof json,
           "{\"slug\":\"%s\",\"title\":\"Modelo\",\"city\":\"Puyo\",\"starts_on\":\"2027-11-18\","
           "\"ends_on\":\"2027-11-19\",\"status\":\"open\",\"capacity\":%lld}",
           run.slug, capacity);
  cJSON *f = cJSON_Parse(json);
  struct verror ve = {0};
  assert_int_equal(db_editions_create(db(), f, organizer, &ve), ERR_OK);
  cJSON_Delete(f);
  memset(m, 0, sizeof *m);
  m->capacity = capacity;
}

static long long env_number(const char *name, long long fallback) {
  const char *v = getenv(name);
  return v && *v ? strtoll(v, NULL, 10) : fallback;
}

static void run_seed(unsigned long long seed, int steps) {
  static struct model m;
  memset(&run, 0, sizeof run);
  run.seed = seed;
  run.rng = seed * 0x9E3779B97F4A7C15ULL + 1;
  snprintf(run.op, sizeof run.op, "setup");
  new_edition(&m, 3);
  for (run.step = 1; run.step <= steps; run.step++, seen.steps++) {
    long long taken_before = model_taken(&m);
    random_step(&m);
    check_against_model(&m, taken_before);
  }
  long long waiting = 0;
  for (int i = 0; i < m.count; i++) waiting += strcmp(m.regs[i].status, "waitlisted") == 0;
  print_message("capacity model: seed %llu, %d steps, %d registrations, %lld seats taken of %lld, %lld waiting\n", seed,
                steps, m.count, model_taken(&m), m.capacity, waiting);
}

static void test_random_sequences_follow_the_model(void **state) {
  (void)state;
  int steps = (int)env_number("CAPACITY_STEPS", DEFAULT_STEPS);
  long long one = env_number("CAPACITY_SEED", 0);
  if (one > 0) {
    run_seed((unsigned long long)one, steps);
    return;
  }
  static const unsigned long long seeds[] = {1, 2, 3, 20261204, 424242, 7, 99, 1234567};
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) run_seed(seeds[i], steps);
  print_message(
      "capacity model: %zu seeds, %lld steps checked: %lld accepted, %lld refused as conflict, %lld as "
      "duplicate; %lld promotions\n",
      sizeof seeds / sizeof seeds[0], seen.steps, seen.ok, seen.conflict, seen.duplicate, seen.promotions);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_sequences_follow_the_model),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
