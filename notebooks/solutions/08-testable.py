# 08-testable: how many theses can the data set test in full?
from csto import check, predict, theses

predict("08-testable", 12)  # a guess made before looking (yours may differ)

table = theses()
print(table["testable"].value_counts())
answer = int((table["testable"] == "yes").sum())
check("08-testable", answer)
