# 00-tables: count the tables of the data set.
from csto import check, table_names

names = table_names()
print(names)
answer = len(names)
check("00-tables", answer)
