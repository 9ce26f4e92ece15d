# 06-code-armenia: a model answer. Yours may choose another coding: judge it by the rubric.
from csto import as_of, check, load, status_on

today = status_on(as_of())
print(today[today["name"] == "Armenia"])
armenia_steps = load("membership_events").query("iso3 == 'ARM' and date >= '2024'")
print(armenia_steps[["date_text", "event", "description"]])
answer = """For a study of whether members back each other in crises, I would code Armenia
as 'inactive' from 2024-02-22. In law it is still in:
the data set keeps it a party (status frozen) because no withdrawal notice was sent, and
Russia's foreign ministry spokeswoman said in December 2025 that it remains a full member.
But the question is about behaviour. Pashinyan announced the freeze in February 2024, Armenia
stopped paying into the budget on 2024-05-08 and stayed away from the Astana and Bishkek
summits. Coding it as an ally would overstate how united the members are. I would report
this rule and rerun the results with Armenia coded as a full member."""
check("06-code-armenia", answer)
