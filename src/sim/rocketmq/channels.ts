import { SERVER_CHANNEL_MAX_IDLE_MS } from './constants';
import type { RSim } from './store';
import type { BrokerState } from './state';

/**
 * The broker's end of each consumer's connection, as Netty sees it (NettyRemotingServer, 4.9.8 and 5.3.3).
 * The pipeline's IdleStateHandler(0, 0, serverChannelMaxIdleTimeSeconds = 120) fires ALL_IDLE on a channel
 * with nothing read and nothing written for 120 s; NettyConnectManageHandler.userEventTriggered closes it
 * and raises IDLE, and ClientHousekeepingService.onChannelIdle -> ConsumerManager.doChannelCloseEvent
 * removes the member and notifies the group (CHANGE -> NOTIFY_CONSUMER_IDS_CHANGED).
 *
 * This races ConsumerManager.scanNotActiveChannel (pull.ts scanMembers), which drops a member 120 s after
 * its last heartbeat, at a 10 s scan, without notifying. Against a consumer that fell silent (isolation,
 * power loss), the idle close wins whenever the channel's last traffic came within the scan's wait of the
 * last heartbeat: always on a slave, which hears nothing but heartbeats, and on a master when the member
 * went silent soon after its heartbeat (pulls, and the answers to the pulls it held, come later).
 * A live consumer heartbeats every 30 s, so its channels never go idle.
 */

/** Something was read from or written to `consumer`'s channel (opening it if there is none). */
export function channelActive(sim: RSim, node: string, b: BrokerState, consumer: string): void {
  const ch = b.channels[consumer];
  if (ch !== undefined) {
    ch.at = sim.now;
    return;
  }
  const seq = ++b.channelSeq;
  b.channels[consumer] = { at: sim.now, seq };
  sim.setTimer(node, SERVER_CHANNEL_MAX_IDLE_MS, { type: 'channelIdle', consumer, seq });
}

/** The channel was closed (the kernel's FIN/RST, or the expiry scan closed it): no idle event follows. */
export function channelClosed(b: BrokerState, consumer: string): void {
  delete b.channels[consumer];
}

/**
 * IdleStateHandler's AllIdleTimeoutTask: not idle yet, it waits for the rest of the 120 s after the last
 * read or write; idle, the channel is closed and true is returned: the caller removes the member.
 */
export function channelIdleCheck(sim: RSim, node: string, consumer: string, seq: number): boolean {
  const b = sim.state.brokers[node];
  const ch = b.channels[consumer];
  if (ch === undefined || ch.seq !== seq) return false;
  const idleFor = sim.now - ch.at;
  if (idleFor < SERVER_CHANNEL_MAX_IDLE_MS) {
    sim.setTimer(node, SERVER_CHANNEL_MAX_IDLE_MS - idleFor, { type: 'channelIdle', consumer, seq });
    return false;
  }
  channelClosed(b, consumer);
  return true;
}
