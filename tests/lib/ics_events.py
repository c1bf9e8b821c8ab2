"""ics_events.py — reads iCalendar files with python3-icalendar, as a calendar app written in Python
would, and prints their events as JSON for the API tests: one list per file, each event with its
uid, sequence, dtstamp, last_modified, dtstart and dtend (UTC, "YYYYMMDDTHHMMSSZ"), summary, status
(null when absent) and organizer (the address and its CN). Usage: ics_events.py FILE..."""
import json
import sys

import icalendar


def utc(value):
    return value.dt.strftime('%Y%m%dT%H%M%SZ') if value is not None else None


def event(vevent):
    organizer = vevent.get('ORGANIZER')
    return {
        'uid': str(vevent.get('UID')),
        'sequence': int(vevent.get('SEQUENCE', 0)),
        'dtstamp': utc(vevent.get('DTSTAMP')),
        'last_modified': utc(vevent.get('LAST-MODIFIED')),
        'dtstart': utc(vevent.get('DTSTART')),
        'dtend': utc(vevent.get('DTEND')),
        'summary': str(vevent.get('SUMMARY')),
        'status': None if vevent.get('STATUS') is None else str(vevent.get('STATUS')),
        'organizer': None if organizer is None else {'address': str(organizer), 'cn': organizer.params.get('CN')},
    }


def main(paths):
    calendars = []
    for path in paths:
        with open(path, 'rb') as f:
            calendar = icalendar.Calendar.from_ical(f.read())
        calendars.append({'method': str(calendar.get('METHOD')), 'events': [event(e) for e in calendar.walk('VEVENT')]})
    json.dump(calendars, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv[1:])
