from celery import shared_task

from organizations import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_invitation(invitation_id: int) -> bool:
    return services.invitation_send(invitation_id=invitation_id)
