package i18n

func init() { add(adminSafetyMessages) }

// adminSafetyMessages are the refusals that keep an installation administrable (nobody locks
// themselves out, one active administrator always remains) and the withdrawal of a submitted
// form.
var adminSafetyMessages = map[string][2]string{
	"admin.self_disable":       {"不能停用自己的账号，请由另一位管理员操作。", "You cannot disable your own account: another administrator has to."},
	"admin.self_demote":        {"不能取消自己的管理员角色，请由另一位管理员操作。", "You cannot take the administrator role away from your own account: another administrator has to."},
	"admin.last_admin":         {"不能停用 %s 或更改其角色：这是最后一位在用的管理员，至少须保留一位。", "%s cannot be disabled or given another role: it is the last active administrator, and one must remain."},
	"admin.user_unchanged":     {"用户 %s 没有改动。", "Nothing changed for the user %s."},
	"admin.you":                {"这是您本人的账号：不能停用，也不能取消管理员角色。", "This is your own account: you cannot disable it or take away its administrator role."},
	"workflow.action.withdraw": {"撤回", "Withdraw"},
	"review.done.withdraw":     {"已撤回，可以继续修改后再提交。", "Withdrawn: edit the form and submit it again."},
}
