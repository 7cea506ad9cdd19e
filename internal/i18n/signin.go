package i18n

func init() { add(signInMessages) }

// signInMessages are the throttled sign-in and the administrators' log of sign-ins.
var signInMessages = map[string][2]string{
	"login.throttled":          {"尝试次数过多，请 %d 秒后再试。", "Too many tries: try again in %d seconds."},
	"admin.signins":            {"登录记录", "Sign-ins"},
	"admin.signins.none":       {"尚无登录记录。", "No sign-ins yet."},
	"admin.signins.at":         {"时间", "Time"},
	"admin.signins.username":   {"用户名", "Username"},
	"admin.signins.address":    {"地址", "Address"},
	"admin.signins.outcome":    {"结果", "Outcome"},
	"signin.outcome.ok":        {"成功", "Signed in"},
	"signin.outcome.wrong":     {"密码错误或无此用户", "Wrong password or no such user"},
	"signin.outcome.disabled":  {"账户已停用", "Account disabled"},
	"signin.outcome.throttled": {"尝试过多，未核对密码", "Too many tries; password not checked"},
}
