# 00-as-of: the day up to which the data set is complete.
from csto import as_of, check

answer = as_of()
print(answer)
check("00-as-of", answer)
