package i18n

func init() { add(workflowMessages) }

// workflowMessages say why a workflow action was refused, and name the actions.
var workflowMessages = map[string][2]string{
	"workflow.reason.not_visible":       {"找不到该自评表，或您无权查看。", "There is no such form, or you may not see it."},
	"workflow.reason.role":              {"您的角色不能执行此操作。", "Your role does not allow this action."},
	"workflow.reason.not_own_unit":      {"只能操作本单位的自评表。", "You can only act on your own unit's forms."},
	"workflow.reason.state":             {"自评表当前的状态不允许此操作。", "The form's current state does not allow this action."},
	"workflow.reason.comment_required":  {"请填写意见或理由。", "Enter a comment or a reason."},
	"workflow.reason.blocking_problems": {"自评表还有须修改的错误，修改后才能提交。", "The form still has errors that must be fixed before it can be submitted."},
	"workflow.action.submit":            {"提交", "Submit"},
	"workflow.action.return":            {"退回", "Return"},
	"workflow.action.approve":           {"通过", "Approve"},
	"workflow.action.reopen":            {"重新打开", "Reopen"},
	"workflow.action.comment":           {"批注", "Comment"},
	"workflow.action.edit":              {"编辑", "Edit"},
}
