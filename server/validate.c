/* validate.c — one function checks any JSON body against a handler's field table, so handlers
 * carry no ladders of ifs. Also the value checks (email, phone, date, slug) used elsewhere. */
#include "validate.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "pdf/pdf.h"
#include "text.h"
#include "tz.h"

const cJSON *json_get(const cJSON *obj, const char *name) {
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

const char *json_str(const cJSON *obj, const char *name) {
  const cJSON *v = json_get(obj, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool json_has(const cJSON *obj, const char *name) { return json_get(obj, name) != NULL; }
bool json_is_null(const cJSON *obj, const char *name) { return cJSON_IsNull(json_get(obj, name)); }

long long json_int(const cJSON *obj, const char *name, long long fallback) {
  const cJSON *v = json_get(obj, name);
  return cJSON_IsNumber(v) ? (long long)v->valuedouble : fallback;
}

bool json_bool(const cJSON *obj, const char *name, bool fallback) {
  const cJSON *v = json_get(obj, name);
  return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

/* True when every byte is ASCII. */
static bool ascii_only(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80) return false;
  return true;
}

/* ASCII only: the mailer (libcurl) cannot deliver to an address with accents or ñ (that needs
 * SMTPUTF8 at every hop), so such an address is refused here rather than accepted and then
 * failed forever. An internationalized domain is accepted in its ASCII form (xn--…). */
bool valid_email(const char *s) { return ascii_only(s) && valid_contact_email(s); }

bool valid_contact_email(const char *s) {
  size_t len = strlen(s);
  const char *at = strchr(s, '@');
  if (len < 6 || len > 254 || !at || strchr(at + 1, '@') || at == s || at - s > 64) return false;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == 0x7F || strchr("\"(),:;<>[\\]", c)) return false;
  }
  const char *domain = at + 1;
  const char *dot = strrchr(domain, '.');
  if (!dot || dot == domain || strlen(dot + 1) < 2) return false;
  if (domain[0] == '.' || domain[0] == '-' || strstr(domain, "..") || s[0] == '.' || at[-1] == '.') return false;
  return true;
}

bool valid_phone(const char *s) {
  int digits = 0;
  for (const char *p = s; *p; p++) {
    if (isdigit((unsigned char)*p)) digits++;
    else if (*p == '+' && p != s) return false;
    else if (!strchr("+ ()-.", *p)) return false;
  }
  return digits >= 7 && digits <= 15;
}

static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

bool valid_date(const char *s) {
  int y, m, d;
  char tail;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return false;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool valid_slug(const char *s, size_t max_len) {
  size_t len = strlen(s);
  if (len == 0 || len > (max_len ? max_len : 64) || s[0] == '-') return false;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
  return true;
}

static bool in_choices(const char *v, const char *choices) {
  size_t n = strlen(v);
  for (const char *p = choices; *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncmp(p, v, n) == 0) return true;
    if (!bar) break;
    p = bar + 1;
  }
  return false;
}

static bool has_control_chars(const char *s, bool multiline) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == 0x7F) return true;
    if (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t' || *p == '\r'))) return true;
  }
  return false;
}

static bool blank(const char *s) {
  for (; *s; s++)
    if (!isspace((unsigned char)*s)) return false;
  return true;
}

void verror_setf(struct verror *ve, const char *field, const char *key, const char *a, const char *b) {
  ve->field = field;
  snprintf(ve->key, sizeof ve->key, "%s", key);
  snprintf(ve->args[0], sizeof ve->args[0], "%s", a ? a : "");
  snprintf(ve->args[1], sizeof ve->args[1], "%s", b ? b : "");
  if (key[0]) i18n_format(LANG_ES, key, ve->args[0], ve->args[1], ve->message, sizeof ve->message);
  else ve->message[0] = '\0';
}

void verror_set(struct verror *ve, const char *field, const char *key) { verror_setf(ve, field, key, NULL, NULL); }

void verror_text(const struct verror *ve, enum lang l, char *out, size_t size) {
  if (ve->key[0]) i18n_format(l, ve->key, ve->args[0], ve->args[1], out, size);
  else snprintf(out, size, "%s", ve->message);
}

void verror_prefix(struct verror *ve, const char *prefix) {
  char composed[sizeof ve->field_name];
  snprintf(composed, sizeof composed, "%s.%s", prefix, ve->field ? ve->field : "");
  memcpy(ve->field_name, composed, sizeof composed);
  ve->field = ve->field_name;
}

/* The sentence for a value of the right JSON type that breaks its rule. */
static void explain(const struct field_rule *r, struct verror *ve) {
  static const char *const by_type[] = {
      [V_EMAIL] = "err.v.email",       [V_CONTACT_EMAIL] = "err.v.contact_email",
      [V_PHONE] = "err.v.phone",       [V_DATE] = "err.v.date",
      [V_INSTANT] = "err.v.instant",   [V_SLUG] = "err.v.slug",
      [V_TIMEZONE] = "err.v.timezone", [V_BOOL] = "err.v.bool",
  };
  char a[64], b[32];
  if (r->type == V_ENUM) {
    snprintf(a, sizeof a, "%s", r->choices);
    for (char *p = a; *p; p++)
      if (*p == '|') *p = ',';
    verror_setf(ve, r->name, "err.v.enum", a, NULL);
  } else if (r->type == V_INT) {
    long long hi = r->min == 0 && r->max == 0 ? INT32_MAX : r->max;
    snprintf(a, sizeof a, "%lld", r->min);
    snprintf(b, sizeof b, "%lld", hi);
    verror_setf(ve, r->name, "err.v.int_range", a, b);
  } else if ((size_t)r->type < sizeof by_type / sizeof by_type[0] && by_type[r->type]) {
    verror_set(ve, r->name, by_type[r->type]);
  } else {
    verror_set(ve, r->name, "err.v.invalid");
  }
}

/* Checks a string value against its rule; ERR_OK or ERR_VALIDATION with ve filled. */
static enum err check_string(const struct field_rule *r, const char *v, struct verror *ve) {
  size_t max = r->max_len ? r->max_len : (r->type == V_TEXT ? 20000 : 200);
  if (r->required && blank(v)) {
    verror_set(ve, r->name, "err.v.required");
    return ERR_VALIDATION;
  }
  if (utf8_length(v) > max) {
    char n[24];
    snprintf(n, sizeof n, "%zu", max);
    verror_setf(ve, r->name, "err.v.too_long", n, NULL);
    return ERR_VALIDATION;
  }
  if (has_control_chars(v, r->type == V_TEXT)) {
    verror_set(ve, r->name, "err.v.control_chars");
    return ERR_VALIDATION;
  }
  if (r->printable_script && !pdf_printable(v)) {
    verror_set(ve, r->name, "err.v.script");
    return ERR_VALIDATION;
  }
  bool ok = true, empty = v[0] == '\0';
  struct tz_instant_parts parts;
  switch (r->type) {
    case V_EMAIL: ok = (empty && !r->required) || valid_email(v); break;
    case V_CONTACT_EMAIL: ok = (empty && !r->required) || valid_contact_email(v); break;
    case V_PHONE: ok = empty || valid_phone(v); break;
    case V_DATE: ok = valid_date(v); break;
    case V_INSTANT: ok = tz_parse_instant(v, &parts); break;
    case V_SLUG: ok = valid_slug(v, r->max_len); break;
    case V_ENUM: ok = in_choices(v, r->choices); break;
    case V_TIMEZONE: ok = tz_exists(v); break;
    default: break;
  }
  if (!ok) explain(r, ve);
  if (!ok && r->type == V_EMAIL && !ascii_only(v)) verror_set(ve, r->name, "err.v.email_ascii");
  return ok ? ERR_OK : ERR_VALIDATION;
}

/* A V_LIST value: an array of distinct one-line texts, each one of the choices when they are given. */
static enum err check_list(const struct field_rule *r, const cJSON *v, struct verror *ve) {
  if (!cJSON_IsArray(v)) {
    verror_set(ve, r->name, "err.v.list");
    return ERR_BAD_REQUEST;
  }
  int n = cJSON_GetArraySize(v);
  if (r->required && n == 0) {
    verror_set(ve, r->name, r->choices ? "err.v.list_choose" : "err.v.list_empty");
    return ERR_VALIDATION;
  }
  if (r->max > 0 && n > r->max) {
    char most[24];
    snprintf(most, sizeof most, "%lld", r->max);
    verror_setf(ve, r->name, "err.v.list_max", most, NULL);
    return ERR_VALIDATION;
  }
  const struct field_rule item = {.name = r->name,
                                  .type = r->choices ? V_ENUM : V_STRING,
                                  .required = true,
                                  .max_len = r->max_len,
                                  .choices = r->choices};
  for (int i = 0; i < n; i++) {
    const cJSON *a = cJSON_GetArrayItem(v, i);
    if (!cJSON_IsString(a)) {
      verror_set(ve, r->name, "err.v.list_item");
      return ERR_BAD_REQUEST;
    }
    enum err e = check_string(&item, a->valuestring, ve);
    if (e != ERR_OK) return e;
    for (int k = 0; k < i; k++)
      if (strcmp(cJSON_GetArrayItem(v, k)->valuestring, a->valuestring) == 0) {
        verror_set(ve, r->name, "err.v.list_repeated");
        return ERR_VALIDATION;
      }
  }
  return ERR_OK;
}

static enum err check_value(const struct field_rule *r, const cJSON *v, struct verror *ve) {
  if (cJSON_IsNull(v)) {
    if (r->nullable) return ERR_OK;
    if (r->required) {
      verror_set(ve, r->name, "err.v.required");
      return ERR_VALIDATION;
    }
    verror_set(ve, r->name, "err.v.not_null");
    return ERR_BAD_REQUEST;
  }
  switch (r->type) {
    case V_INT: {
      if (!cJSON_IsNumber(v)) break;
      double d = v->valuedouble;
      long long lo = r->min, hi = r->max;
      if (lo == 0 && hi == 0) hi = INT32_MAX;
      if (!isfinite(d) || d != floor(d) || d < (double)lo || d > (double)hi) {
        explain(r, ve);
        return ERR_VALIDATION;
      }
      return ERR_OK;
    }
    case V_BOOL:
      if (cJSON_IsBool(v)) return ERR_OK;
      break;
    case V_LIST: return check_list(r, v, ve);
    case V_OBJECT:
      if (cJSON_IsObject(v)) return ERR_OK;
      verror_set(ve, r->name, "err.v.object");
      return ERR_BAD_REQUEST;
    default:
      if (cJSON_IsString(v)) return check_string(r, v->valuestring, ve);
      break;
  }
  verror_set(ve, r->name, r->type == V_INT ? "err.v.number" : r->type == V_BOOL ? "err.v.true_false" : "err.v.text");
  return ERR_BAD_REQUEST;
}

enum err validate_body(const cJSON *obj, const struct field_rule *rules, size_t n, enum validate_mode mode,
                       struct verror *ve) {
  verror_set(ve, NULL, "");
  if (!cJSON_IsObject(obj)) {
    verror_set(ve, NULL, "err.v.body_object");
    return ERR_BAD_REQUEST;
  }
  for (size_t i = 0; i < n; i++) {
    const struct field_rule *r = &rules[i];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, r->name);
    enum err e = ERR_OK;
    ve->field = r->name;
    if (!v && r->required && mode == VALIDATE_CREATE) {
      verror_set(ve, r->name, "err.v.required");
      e = ERR_VALIDATION;
    } else if (v) {
      e = check_value(r, v, ve);
    }
    if (e != ERR_OK) return e;
  }
  ve->field = NULL;
  return ERR_OK;
}

bool json_text_acceptable(const char *s, size_t len, int max_depth) {
  if (!utf8_valid(s, len)) return false;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_string) {
      if (c == '\\' && i + 5 < len && memcmp(s + i + 1, "u0000", 5) == 0) return false; /* would cut the string */
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') depth--;
  }
  return true;
}
