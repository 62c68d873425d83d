/**
 * zh-CN: the transaction flows (payment_failed, unrecognized_transaction, the shared "which transaction?"
 * question) and the words transaction lines are made of. en/transactions.ts carries the same ids.
 * In payment_failed: {when} 今天 14:30 / 11月20日, {verb} one of transaction.verb.*, {money} ¥299.00.
 */
export const TRANSACTIONS = {
  'payment_failed.failed_not_debited':
    '你{when} {verb}{counterparty}的 {money} 没有支付成功。放心，这笔钱没有被扣，余额不受影响。',
  'payment_failed.reason': '失败原因：{reason}。',
  'payment_failed.advice.insufficient_balance': '可以先充值，或换一张银行卡/其他支付方式后再付一次。',
  'payment_failed.advice.network_error': '换一个稳定的网络后再试一次就好。',
  'payment_failed.advice.risk_declined':
    '这是为了保护你的账户安全。如果确实是你本人操作，可以点“我不同意”让人工客服帮你核实。',
  'payment_failed.advice.merchant_error': '请稍后再试，或联系商户确认订单状态。',
  'payment_failed.advice.card_declined': '请联系发卡银行了解原因，或换一种支付方式。',
  'payment_failed.advice.limit_exceeded': '可以分几次支付，或在 app 里查看支付限额。',
  'payment_failed.advice.unknown': '可以稍后再试一次。',
  // {by} and {within}: refund_by and refund_within when the wallet knows them, else nothing.
  'payment_failed.refund_pending':
    '你{when} {verb}{counterparty}的 {money} 显示失败，但钱已经被扣了。别担心，退款已经在处理：{refund} 会退回你的 upay 余额{by}{within}。',
  'payment_failed.refund_by': '，预计 {date} 前到账',
  'payment_failed.refund_within': '（{days}个工作日内）',
  'payment_failed.refunded':
    '你{when} {verb}{counterparty}的 {money} 支付失败后已经退款，{refund} 已退回你的 upay 余额。',
  'payment_failed.no_refund':
    '你{when} {verb}{counterparty}的 {money} 显示失败但已扣款，系统里还没有自动退款。我把它转给人工客服尽快为你处理退款。',
  'payment_failed.pending':
    '你{when} {verb}{counterparty}的 {money} 还在处理中。“处理中”表示这笔钱已暂时冻结、还没最终到账，通常几分钟到 2 小时内完成，最晚 1 个工作日。如果最终失败，钱会自动退回你的余额。这期间请不要重复付款哦。',
  'payment_failed.success':
    '这笔其实已经成功了：{when} {verb}{counterparty}的 {money}。如果对方说没收到，可以把交易号 {transactionId} 发给对方核对。',
  'payment_failed.reversed': '你{when} {verb}{counterparty}的 {money} 已被撤销，钱已退回你的余额。',
  'payment_failed.checklist':
    '如果再付还是不成功，可以按这几步排查：\n1. 检查网络连接是否稳定\n2. 确认支付信息（卡号、金额）填写正确\n3. 系统繁忙时稍等片刻再试\n4. 在交易记录里查看是否已扣款（失败的交易一般不收手续费）\n5. 还不行就联系客服',
  'payment_failed.does_this_help': '这样解释清楚了吗？',
  'payment_failed.button_helps': '明白了',
  'payment_failed.button_disagree': '我不同意',
  'payment_failed.glad': '很高兴能帮到你！还有问题随时找我 😊',
  'payment_failed.to_human': '明白，我把这笔交易转给人工客服核实，请稍候。',
  'payment_failed.no_transactions': '我在你的账户里没看到最近的交易记录。我为你转接人工客服帮你查。',
  'payment_failed.gave_up': '抱歉，我还是没能找到这笔交易。我为你转接人工客服帮你查。',

  'unrecognized_transaction.found': '我找到了这笔：{line}',
  'unrecognized_transaction.not_debited': '（这笔实际没有扣款。）',
  'unrecognized_transaction.offer_lock':
    '如果不是你本人操作，我可以马上锁定你的账户：银行卡支付和转账会立即停止，钱不会再被转走。现在锁定吗？',
  'unrecognized_transaction.button_lock': '立即锁定',
  'unrecognized_transaction.button_no_lock': '暂不锁定',
  'unrecognized_transaction.locked': '已锁定 🔒 在安全团队和你核实之前，账户不会再有任何付款或转账。',
  'unrecognized_transaction.lock_failed': '我这边没能直接锁定账户，安全团队会第一时间为你处理。',
  'unrecognized_transaction.dispute_opened':
    '我已为付给{counterparty}的这笔 {money} 提交了争议申请，编号 {disputeId}。',
  'unrecognized_transaction.dispute_failed': '争议申请这边没能自动提交，安全团队会帮你提交。',
  'unrecognized_transaction.urgent': '我已把这件事作为紧急情况转给安全团队，同事马上会联系你。',
  'unrecognized_transaction.safety': '在此期间：不要把密码或验证码告诉任何人，upay 的工作人员绝不会向你索要。',
  'unrecognized_transaction.offer_dispute': '好的，先不锁定。要不要我为这笔交易提交争议申请，并请安全团队尽快处理？',
  'unrecognized_transaction.button_dispute': '提交争议',
  'unrecognized_transaction.button_human_only': '只找人工',
  'unrecognized_transaction.human_only': '好的，我把这件事作为紧急情况转给安全团队，同事马上会联系你。',
  'unrecognized_transaction.no_transactions':
    '我在你的账户里没看到最近的交易记录。为了安全，我把这件事作为紧急情况转给安全团队。',
  'unrecognized_transaction.gave_up': '抱歉，我没能找到这笔交易。为了安全，我把这件事作为紧急情况转给安全团队。',

  'pick_transaction.which_one.payment_problem': '是下面哪一笔交易？',
  'pick_transaction.which_one.unrecognized': '是下面哪一笔扣款你不认识？',
  'pick_transaction.several_match': '我找到了几笔可能的交易，是哪一笔？',
  'pick_transaction.no_exact_match': '我没找到完全对得上的交易。是下面哪一笔吗？',
  'pick_transaction.not_found': '我在你的账户里没有找到交易 {transactionId}。是下面哪一笔吗？',
  'pick_transaction.button_none': '都不是',
  'pick_transaction.describe': '好的，请告诉我金额、商户或收款人名称、日期，或者交易号（T 开头），我再帮你查。',

  'transaction.verb.payment': '付给',
  'transaction.verb.transfer': '转给',
  'transaction.status.success': '成功',
  'transaction.status.failed': '失败',
  'transaction.status.failed_debited': '失败（已扣款）',
  'transaction.status.pending': '处理中',
  'transaction.status.reversed': '已退回',
  'transaction.failure.insufficient_balance': '余额不足',
  'transaction.failure.network_error': '网络异常',
  'transaction.failure.risk_declined': '被风控系统拦截',
  'transaction.failure.merchant_error': '商户系统出错',
  'transaction.failure.card_declined': '银行卡被发卡行拒绝',
  'transaction.failure.limit_exceeded': '超出支付限额',
  'date.today': '今天 {time}',
  'date.yesterday': '昨天 {time}',
} as const;
