/* test_badge_cache.c — the cache of one attendee's rendered badge (doc_badge_cached in
 * documents.c) on a temporary seeded database: a badge waiting for a render slot finds the badge
 * that the request before it rendered. The slot must not be handed on before the rendered badge
 * is in the cache, or the next waiter renders the same badge again (three renders for 64
 * concurrent downloads in media.test.mjs). A gate whose leave() looks in the cache proves the order. */
#include "registrations_fixture.h"

#include "documents.h"

static struct edition pastaza;
static long long registration_id;
static int entered, left;
static bool cached_when_left; /* what leave() saw in the cache */

static enum err gate_enter(void *ctx) {
  (void)ctx;
  entered++;
  return ERR_OK;
}

/* Leaving the slot: a request that waited for it now looks in the cache, as this one does. */
static void gate_leave(void *ctx) {
  (void)ctx;
  left++;
  struct badge_filter f = {.layout = "a6", .registration_id = registration_id};
  unsigned char *pdf = NULL;
  size_t len = 0;
  bool hit = false;
  assert_int_equal(doc_badge_cached(db(), &pastaza, &f, NULL, &pdf, &len, &hit), ERR_OK);
  cached_when_left = hit;
  free(pdf);
}

static void test_rendered_badge_is_cached_before_the_slot_is_free(void **state) {
  (void)state;
  struct reg_input ana = cast(ANA);
  assert_int_equal(create(&ana, true, &made[ANA]), ERR_OK);
  struct reg_ref ref = ref_of(ANA);
  assert_string_equal(ref.status, "confirmed");
  registration_id = ref.id;
  pastaza = edition();

  const struct doc_gate gate = {gate_enter, gate_leave, NULL};
  struct badge_filter f = {.layout = "a6", .registration_id = registration_id};
  unsigned char *pdf = NULL;
  size_t len = 0;
  bool hit = true;
  unsigned long long renders = doc_badge_renders();
  assert_int_equal(doc_badge_cached(db(), &pastaza, &f, &gate, &pdf, &len, &hit), ERR_OK);
  assert_false(hit);
  assert_int_equal(entered, 1);
  assert_int_equal(left, 1);
  assert_true(cached_when_left);
  assert_int_equal(doc_badge_renders() - renders, 1);
  assert_true(len > 4 && memcmp(pdf, "%PDF", 4) == 0);
  free(pdf);

  /* the next download is a hit and takes no slot */
  assert_int_equal(doc_badge_cached(db(), &pastaza, &f, &gate, &pdf, &len, &hit), ERR_OK);
  assert_true(hit);
  assert_int_equal(entered, 1);
  free(pdf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rendered_badge_is_cached_before_the_slot_is_free),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
