# 00-quotes: what Python does with a text answer written without quotes.
from csto import check

# b) Without quotes Python reads Kyrgyzstan as a variable's name; none exists: NameError.
answer = "b"
check("00-quotes", "b")
