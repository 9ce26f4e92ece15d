# 00-rows-per-year: the timeline's rows, counted per year.
from csto import check, load

timeline = load("timeline")
answer = timeline.groupby(timeline["date"].dt.year).size()  # or .dt.year.value_counts()
print(answer.sort_values(ascending=False).head())
check("00-rows-per-year", answer)
