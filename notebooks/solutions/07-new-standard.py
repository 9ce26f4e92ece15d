# 07-new-standard: did other bodies follow the Kazakhstan operation as a "new standard"?
from csto import alliances, check, interventions

inside = interventions(against_unrest_inside=True)
print(inside[["intervention_id", "start_date_text", "article", "un_authorised"]])
print(alliances(["arab-league-1950", "asean"])[["body_id", "internal_unrest"]])
# b: the only such actions after January 2022 are ECOWAS's, under its own rules of 1999; SADC
# (1998) and the GCC (2011) had acted against unrest before the CSTO did; the Arab League and
# ASEAN sent nothing, and ASEAN's treaty forbids interference.
answer = "b"
check("07-new-standard", answer)
