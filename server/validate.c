/* validate.c — one function checks any JSON body against a handler's field table, so handlers
 * carry no ladders of ifs. Also the value checks (email, phone, date, slug) used elsewhere. */
#include "validate.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

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

bool valid_email(const char *s) {
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

/* Checks a string value against its rule; ERR_OK or ERR_VALIDATION. */
static enum err check_string(const struct field_rule *r, const char *v) {
  size_t max = r->max_len ? r->max_len : (r->type == V_TEXT ? 20000 : 200);
  if (r->required && blank(v)) return ERR_VALIDATION;
  if (utf8_length(v) > max || has_control_chars(v, r->type == V_TEXT)) return ERR_VALIDATION;
  bool empty = v[0] == '\0';
  switch (r->type) {
    case V_EMAIL: return valid_email(v) ? ERR_OK : ERR_VALIDATION;
    case V_PHONE: return empty || valid_phone(v) ? ERR_OK : ERR_VALIDATION;
    case V_DATE: return valid_date(v) ? ERR_OK : ERR_VALIDATION;
    case V_INSTANT: {
      struct tz_instant_parts parts;
      return tz_parse_instant(v, &parts) ? ERR_OK : ERR_VALIDATION;
    }
    case V_SLUG: return valid_slug(v, r->max_len) ? ERR_OK : ERR_VALIDATION;
    case V_ENUM: return in_choices(v, r->choices) ? ERR_OK : ERR_VALIDATION;
    case V_TIMEZONE: return tz_exists(v) ? ERR_OK : ERR_VALIDATION;
    default: return ERR_OK;
  }
}

static enum err check_value(const struct field_rule *r, const cJSON *v) {
  if (cJSON_IsNull(v)) return r->nullable ? ERR_OK : (r->required ? ERR_VALIDATION : ERR_BAD_REQUEST);
  switch (r->type) {
    case V_INT: {
      if (!cJSON_IsNumber(v)) return ERR_BAD_REQUEST;
      double d = v->valuedouble;
      long long lo = r->min, hi = r->max;
      if (lo == 0 && hi == 0) hi = INT32_MAX;
      if (!isfinite(d) || d != floor(d) || d < (double)lo || d > (double)hi) return ERR_VALIDATION;
      return ERR_OK;
    }
    case V_BOOL: return cJSON_IsBool(v) ? ERR_OK : ERR_BAD_REQUEST;
    default: return cJSON_IsString(v) ? check_string(r, v->valuestring) : ERR_BAD_REQUEST;
  }
}

enum err validate_body(const cJSON *obj, const struct field_rule *rules, size_t n, enum validate_mode mode,
                       const char **field) {
  *field = NULL;
  if (!cJSON_IsObject(obj)) return ERR_BAD_REQUEST;
  for (size_t i = 0; i < n; i++) {
    const struct field_rule *r = &rules[i];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, r->name);
    enum err e = ERR_OK;
    if (!v) e = (r->required && mode == VALIDATE_CREATE) ? ERR_VALIDATION : ERR_OK;
    else e = check_value(r, v);
    if (e != ERR_OK) {
      *field = r->name;
      return e;
    }
  }
  return ERR_OK;
}

bool json_text_acceptable(const char *s, size_t len, int max_depth) {
  if (!utf8_valid(s, len)) return false;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') depth--;
  }
  return true;
}
