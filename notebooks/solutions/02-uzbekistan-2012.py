# 02-uzbekistan-2012: what happened to Uzbekistan's membership in 2012, under the Charter.
from csto import check, claims, load

events = load("membership_events")
print(events.query("iso3 == 'UZB' and date.dt.year == 2012")[["date_text", "event",
                                                                "description"]])
print(claims("uzb-2012-exit-form")[["claim", "source_id", "used_in_lessons"]])
# b: the note of June 2012 asked to suspend participation (no Article 19 notice), and on
# 19 December 2012 the Council granted the request and suspended Uzbekistan's membership.
answer = "b"
check("02-uzbekistan-2012", answer)
