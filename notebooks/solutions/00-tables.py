# 00-tables: count the tables of the data set.
from csto import table_names
from csto.exercises import check

names = table_names()
print(names)
answer = len(names)
check("00-tables", answer)
