# 05-serbia-status: Serbia's status on the data's "as of" date.
from csto import as_of, check, status_on

status = status_on(as_of()).set_index("name")
answer = status.loc["Serbia", "status"]
print(answer)
check("05-serbia-status", answer)
