# 07-viable-alliances: a model answer. Yours may reach another verdict: judge it by the rubric.
from csto import alliances, check, interventions

bound = alliances(defence_clause=True).set_index("body_id")
acted = interventions().groupby("body_id").size()
print(bound[["leading_states"]].assign(actions=acted).fillna({"actions": 0}))
answer = """The claim is half right. Seven bodies in the table have a defence clause in force,
and three of them are led by Russia or the United States (NATO, the CSTO and the Union State).
NATO is the only one whose clause was invoked after an attack from abroad (2001), and its
own sources admit an over-reliance on the United States, which supports Ruehl. But ECOWAS,
led by Nigeria by Olayode's account, acted in The Gambia in 2017 and in Benin in 2025, and
SADC and the GCC have also deployed forces. Against this, the GCC's 2025 invocation was
called symbolic, and the Arab League treaty has been dormant since 1973 according to Gibler.
So 'viable' depends on the test: if it means defending members against outside attack, only
NATO clearly passes; if it means acting at all, regional powers sustain alliances too."""
check("07-viable-alliances", answer)
